//! Unit tests for the API reference renderer, on documents built with utoipa's builders.

use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, OneOfBuilder, SchemaFormat};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, ObjectBuilder, OpenApi, OpenApiBuilder, PathsBuilder,
    Ref, Required, ResponseBuilder, Type,
};

use super::{STYLESHEET, STYLESHEET_PATH, render_reference};

fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).description(Some(description))
}

fn json_response(description: &str, schema: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name(schema))).build(),
        )
        .build()
}

/// A small Ponte-like document: token endpoint, one bearer-protected GET, shared schemas.
fn sample() -> OpenApi {
    let error_body = ObjectBuilder::new()
        .description(Some("Error body returned with every non-2xx status."))
        .property(
            "statusCode",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
                .examples([401]),
        )
        .required("statusCode")
        .property("error", string("Machine-readable code."))
        .required("error")
        .property("message", string("Shown to humans. <script>alert(1)</script>"))
        .required("message");
    let auth_request = ObjectBuilder::new()
        .property("clientId", string("Partner client id.").min_length(Some(3)))
        .required("clientId")
        .property("scopes", ArrayBuilder::new().items(Ref::from_schema_name("Scope")))
        .property(
            "device",
            OneOfBuilder::new()
                .item(Ref::from_schema_name("Device"))
                .item(ObjectBuilder::new().schema_type(Type::Null)),
        );
    let scope = string("A data scope.").enum_values(Some(["ACCOUNTS", "RESOURCES"]));
    let device = ObjectBuilder::new().property("userAgent", string("Client user agent."));
    // A self-referencing schema: rendering must terminate and say so.
    let node = ObjectBuilder::new()
        .property("id", string("Node id."))
        .property("children", ArrayBuilder::new().items(Ref::from_schema_name("Node")));

    let auth = OperationBuilder::new()
        .tag("auth")
        .operation_id(Some("authenticate"))
        .summary(Some("Authenticate a partner"))
        .description(Some("Returns a bearer token. <script>alert('op')</script>"))
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("AuthRequest"))).build(),
                )
                .build(),
        ))
        .response("200", json_response("Token issued", "Node"))
        .response("401", json_response("Invalid credentials", "ErrorBody"))
        .response("429", json_response("Too many attempts", "ErrorBody"));
    let get_node = OperationBuilder::new()
        .tag("nodes")
        .operation_id(Some("get_node"))
        .summary(Some("Fetch a node"))
        .parameter(
            ParameterBuilder::new()
                .name("nodeId")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("Node identifier."))
                .schema(Some(string("").format(Some(SchemaFormat::Custom("uuid".into()))))),
        )
        .security(SecurityRequirement::new("bearerAuth", Vec::<String>::new()))
        .response("200", json_response("The node", "Node"));

    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Ponte <Partner> API")
                .version("1.2.3")
                .description(Some("Open Finance data.\n\nSee [spec](https://example.com/spec) and `BRL`."))
                .build(),
        )
        .paths(
            PathsBuilder::new()
                .path("/data/v1/auth", PathItem::new(HttpMethod::Post, auth))
                .path("/data/v1/nodes/{nodeId}", PathItem::new(HttpMethod::Get, get_node)),
        )
        .components(Some(
            ComponentsBuilder::new()
                .schema("ErrorBody", error_body)
                .schema("AuthRequest", auth_request)
                .schema("Scope", scope)
                .schema("Device", device)
                .schema("Node", node)
                .security_scheme(
                    "bearerAuth",
                    SecurityScheme::Http(
                        HttpBuilder::new()
                            .scheme(HttpAuthScheme::Bearer)
                            .description(Some("Token from `POST /data/v1/auth`."))
                            .build(),
                    ),
                )
                .build(),
        ))
        .tags(Some([
            TagBuilder::new().name("auth").description(Some("Authentication")).build(),
            TagBuilder::new().name("nodes").build(),
        ]))
        .build()
}

fn assert_contains_all(html: &str, needles: &[&str]) {
    for needle in needles {
        assert!(html.contains(needle), "page is missing {needle:?}");
    }
}

/// Values of every `name="…"` attribute-like occurrence (`prefix` ends with `="`).
fn attr_values<'h>(html: &'h str, prefix: &str) -> Vec<&'h str> {
    html.match_indices(prefix)
        .map(|(i, _)| {
            let rest = &html[i + prefix.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

#[test]
fn page_has_title_version_description_toc_and_stylesheet() {
    let html = render_reference(&sample());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_contains_all(
        &html,
        &[
            "<title>Ponte &lt;Partner&gt; API 1.2.3 – API reference</title>",
            "<h1>Ponte &lt;Partner&gt; API</h1>",
            "Version <code>1.2.3</code>",
            "<p>Open Finance data.</p>",
            "<a href=\"https://example.com/spec\">spec</a>",
            "<code>BRL</code>",
            &format!("<link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\">"),
            "<nav class=\"toc\"",
            "<a href=\"#tag-auth\">auth</a>",
            "<a href=\"#op-authenticate\"><span class=\"method post\">POST</span>",
            "<a href=\"#schemas\">Schemas</a>",
        ],
    );
    assert!(STYLESHEET.contains(".method.post"));
}

#[test]
fn operations_show_auth_parameters_bodies_and_responses() {
    let html = render_reference(&sample());
    assert_contains_all(
        &html,
        &[
            "<article class=\"op\" id=\"op-authenticate\">",
            "<code class=\"path\">/data/v1/nodes/<span class=\"tpl\">{nodeId}</span></code>",
            "<p class=\"summary\">Authenticate a partner</p>",
            "None: this endpoint does not require authentication.",
            "Requires <strong>Bearer access token in the <code>Authorization</code> header</strong>",
            "<a href=\"#auth-bearerAuth\"><code>bearerAuth</code></a>",
            "Token from <code>POST /data/v1/auth</code>.",
            "<th scope=\"row\" data-label=\"Name\"><code>nodeId</code></th><td data-label=\"In\">path</td>",
            "string <span class=\"fmt\">(uuid)</span>",
            "<strong class=\"req\">Required.</strong>",
            "Content type:</span> <code>application/json</code>",
            "<th scope=\"col\">Field</th>",
            "<code>clientId</code>",
            "at least 3 characters",
            "array of <a href=\"#schema-Scope\">Scope</a>",
            "Allowed item values:</span> <code>ACCOUNTS</code>, <code>RESOURCES</code>",
            "<a href=\"#schema-Device\">Device</a> | null",
            "<span class=\"parent\">device.</span>userAgent",
            "<span class=\"status s2\">200</span> Token issued",
            "<span class=\"status s4\">429</span> Too many attempts",
            "integer <span class=\"fmt\">(int32)</span>",
            "Example:</span> <code>401</code>",
            "Same fields as in the 401 response above.",
        ],
    );
}

#[test]
fn recursive_schemas_terminate_with_a_note() {
    let html = render_reference(&sample());
    assert_contains_all(
        &html,
        &["<code>children</code>", "Recursive: same fields as <a href=\"#schema-Node\">Node</a>"],
    );
    // The Schemas section links nested refs instead of expanding them.
    let schemas = &html[html.find("<section id=\"schemas\">").expect("schemas section")..];
    assert_contains_all(
        schemas,
        &["<section class=\"schema\" id=\"schema-Node\">", "array of <a href=\"#schema-Node\">Node</a>"],
    );
    assert!(!schemas.contains("children[]."));
}

#[test]
fn untrusted_strings_are_escaped() {
    let mut api = sample();
    api.info.title = "<script>alert('title')</script>".into();
    api.info.description = Some("[x](javascript:alert(1)) <img src=x onerror=alert(1)>".into());
    let html = render_reference(&api);
    assert!(!html.contains("<script"), "a <script> tag leaked into the page");
    assert!(!html.contains("<img"));
    assert!(!html.contains("href=\"javascript:"));
    assert_contains_all(
        &html,
        &[
            "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;",
            "Returns a bearer token. &lt;script&gt;alert(&#39;op&#39;)&lt;/script&gt;",
            "Shown to humans. &lt;script&gt;alert(1)&lt;/script&gt;",
            "&lt;img src=x onerror=alert(1)&gt;",
        ],
    );
}

#[test]
fn page_is_csp_friendly_and_anchors_resolve() {
    let mut api = sample();
    // Names that slug to the same id must still get distinct anchors.
    let components = api.components.as_mut().expect("components");
    components.schemas.insert("A B".into(), string("one").into());
    components.schemas.insert("A-B".into(), string("two").into());
    let html = render_reference(&api);
    for forbidden in ["<script", "<style", " style=", " src=", " onload=", "<iframe"] {
        assert!(!html.contains(forbidden), "page contains {forbidden:?}");
    }
    assert_eq!(html.matches("<link ").count(), 1, "only the stylesheet is loaded");
    let ids = attr_values(&html, " id=\"");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for target in attr_values(&html, "href=\"#") {
        assert!(ids.contains(&target), "link to missing anchor #{target}");
    }
    assert!(ids.contains(&"schema-A-B") && ids.contains(&"schema-A-B-2"));
}

#[test]
fn empty_document_renders() {
    let api = OpenApiBuilder::new().info(InfoBuilder::new().title("Empty").version("0").build()).build();
    let html = render_reference(&api);
    assert!(html.contains("<h1>Empty</h1>"));
    assert!(!html.contains("id=\"schemas\""));
}
