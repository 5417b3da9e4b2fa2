//! `ponte apps …`: operators manage partner apps.

use super::{Cli, open_for_admin};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use ponte_domain::app::RedirectPrefix;
use ponte_domain::{AppSettings, DeliveryMode, Environment, HexColor, HttpUrl, Language, ProductSet};
use ponte_store::apps::{App, AppCredentials, NewApp};
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum AppsCommand {
    /// Create an app and print its credentials (the secretKey is shown only now).
    Create(CreateArgs),
    /// Change an app's settings.
    Update(UpdateArgs),
    /// List apps.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Issue a new secretKey; access tokens issued before are revoked.
    RotateSecret {
        app_id: Uuid,
        #[arg(long)]
        json: bool,
    },
    /// Issue a new webhook signing secret (whsec_…); the old one keeps signing for 24 hours.
    RotateWebhookSecret {
        app_id: Uuid,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[arg(long)]
    name: String,
    #[arg(long, value_parser = parse::<Environment>)]
    environment: Environment,
    /// The partner owning the app (found or created by name; default: the app's name).
    #[arg(long)]
    partner: Option<String>,
    /// Comma-separated product codes, or "all" (the default).
    #[arg(long, value_delimiter = ',')]
    products: Option<Vec<String>>,
    /// Print the credentials as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    app_id: Uuid,
    /// Where events are sent ("" to remove).
    #[arg(long)]
    event_webhook_url: Option<String>,
    /// Where reports are sent when neither the request nor the link names a URL ("" to remove).
    #[arg(long)]
    products_webhook_url: Option<String>,
    #[arg(long, value_parser = parse::<DeliveryMode>)]
    delivery_mode: Option<DeliveryMode>,
    /// Allowed start of links' redirectURL; repeat for several. Replaces the current list.
    #[arg(long = "allowed-redirect-prefix", value_parser = parse::<RedirectPrefix>)]
    allowed_redirect_prefixes: Vec<RedirectPrefix>,
    /// Remove every allowed redirect prefix.
    #[arg(long, conflicts_with = "allowed_redirect_prefixes")]
    clear_redirect_prefixes: bool,
    /// Comma-separated product codes, or "all".
    #[arg(long, value_delimiter = ',')]
    products: Option<Vec<String>>,
    #[arg(long)]
    brand_name: Option<String>,
    #[arg(long)]
    brand_logo_url: Option<String>,
    /// Primary colour, #RRGGBB.
    #[arg(long, value_parser = parse::<HexColor>)]
    brand_color: Option<HexColor>,
    /// Accent colour, #RRGGBB.
    #[arg(long, value_parser = parse::<HexColor>)]
    brand_accent_color: Option<HexColor>,
    #[arg(long)]
    privacy_policy_url: Option<String>,
    /// pt-BR or en.
    #[arg(long, value_parser = parse::<Language>)]
    language: Option<Language>,
    /// Seconds a link URL stays valid.
    #[arg(long)]
    link_lifetime_secs: Option<u32>,
    /// Days fetched data and reports are kept.
    #[arg(long)]
    retention_days: Option<u32>,
    #[arg(long)]
    json: bool,
}

fn parse<T: std::str::FromStr>(text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

fn products(list: &[String]) -> anyhow::Result<ProductSet> {
    Ok(ProductSet::parse(list.iter().map(|s| s.trim()))?)
}

/// `""` clears an optional URL.
fn optional_url(text: &str) -> anyhow::Result<Option<HttpUrl>> {
    if text.trim().is_empty() { Ok(None) } else { Ok(Some(text.trim().parse()?)) }
}

pub async fn run(cli: &Cli, command: &AppsCommand) -> anyhow::Result<()> {
    let store = open_for_admin(cli).await?;
    match command {
        AppsCommand::Create(args) => {
            let mut settings = AppSettings::default();
            if let Some(list) = &args.products {
                settings.products = products(list)?;
            }
            let name = args.name.trim();
            if name.is_empty() || name.len() > 200 {
                bail!("--name must be 1 to 200 characters");
            }
            let new = NewApp {
                name: name.to_owned(),
                partner_name: args.partner.clone().unwrap_or_else(|| name.to_owned()),
                environment: args.environment,
                settings,
            };
            let (app, credentials) = store.create_app(&new).await?;
            print_credentials(&app, &credentials, args.json);
        }
        AppsCommand::Update(args) => {
            let app = store.app(args.app_id).await?.with_context(|| format!("no app {}", args.app_id))?;
            let settings = apply(app.settings.clone(), args)?;
            let app = store.update_app_settings(app.id, &settings).await?.context("the app disappeared")?;
            print_app(&app, args.json);
        }
        AppsCommand::List { json } => {
            let apps = store.apps().await?;
            if *json {
                let list: Vec<_> = apps.iter().map(app_json).collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else if apps.is_empty() {
                println!(
                    "No apps yet: create one with `ponte apps create --name NAME --environment sandbox`."
                );
            } else {
                println!("{:<38} {:<11} {:<30} {:<30} PARTNER", "APP ID", "ENV", "NAME", "ACCESS KEY");
                for app in &apps {
                    println!(
                        "{:<38} {:<11} {:<30} {:<30} {}",
                        app.id, app.environment, app.name, app.access_key, app.partner_name
                    );
                }
            }
        }
        AppsCommand::RotateWebhookSecret { app_id, json } => {
            let secret = store
                .rotate_webhook_secret(*app_id, std::time::Duration::from_secs(24 * 3600))
                .await?
                .with_context(|| format!("no app {app_id}"))?;
            if *json {
                println!("{}", json!({ "appId": app_id, "webhookSecret": secret.expose() }));
            } else {
                println!("New webhook secret for {app_id}: {}", secret.expose());
                println!("Deliveries carry signatures with both the old and the new secret for 24 hours.");
            }
        }
        AppsCommand::RotateSecret { app_id, json } => {
            let credentials =
                store.rotate_app_secret(*app_id).await?.with_context(|| format!("no app {app_id}"))?;
            let app = store.app(*app_id).await?.context("the app disappeared")?;
            print_credentials(&app, &credentials, *json);
        }
    }
    store.close().await;
    Ok(())
}

fn apply(mut settings: AppSettings, args: &UpdateArgs) -> anyhow::Result<AppSettings> {
    if let Some(url) = &args.event_webhook_url {
        settings.event_webhook_url = optional_url(url)?;
    }
    if let Some(url) = &args.products_webhook_url {
        settings.products_webhook_url = optional_url(url)?;
    }
    if let Some(mode) = args.delivery_mode {
        settings.delivery_mode = mode;
    }
    if args.clear_redirect_prefixes {
        settings.allowed_redirect_prefixes.clear();
    } else if !args.allowed_redirect_prefixes.is_empty() {
        settings.allowed_redirect_prefixes = args.allowed_redirect_prefixes.clone();
    }
    if let Some(list) = &args.products {
        settings.products = products(list)?;
    }
    if let Some(name) = &args.brand_name {
        let name = name.trim();
        if name.len() > 100 {
            bail!("--brand-name must be at most 100 characters");
        }
        settings.branding.display_name = (!name.is_empty()).then(|| name.to_owned());
    }
    if let Some(url) = &args.brand_logo_url {
        settings.branding.logo_url = optional_url(url)?;
    }
    if let Some(color) = args.brand_color {
        settings.branding.primary_color = color;
    }
    if let Some(color) = args.brand_accent_color {
        settings.branding.accent_color = color;
    }
    if let Some(url) = &args.privacy_policy_url {
        settings.branding.privacy_policy_url = optional_url(url)?;
    }
    if let Some(language) = args.language {
        settings.branding.default_language = language;
    }
    if let Some(secs) = args.link_lifetime_secs {
        settings.link_lifetime_secs = secs;
    }
    if let Some(days) = args.retention_days {
        settings.retention_days = days;
    }
    settings.validate_limits()?;
    Ok(settings)
}

fn print_credentials(app: &App, credentials: &AppCredentials, json: bool) {
    if json {
        let value = json!({
            "appId": credentials.app_id,
            "accessKey": credentials.access_key,
            "secretKey": credentials.secret_key.expose(),
            "webhookSecret": credentials.webhook_secret.expose(),
        });
        println!("{value}");
        return;
    }
    println!("App {} ({}, partner {})", app.name, app.environment, app.partner_name);
    println!("  appId          {}", credentials.app_id);
    println!("  accessKey      {}", credentials.access_key);
    println!("  secretKey      {}", credentials.secret_key.expose());
    println!("  webhookSecret  {}", credentials.webhook_secret.expose());
    println!("The secretKey is shown only now: store it in your secret manager.");
}

fn app_json(app: &App) -> serde_json::Value {
    json!({
        "appId": app.id,
        "partnerId": app.partner_id,
        "partnerName": app.partner_name,
        "name": app.name,
        "environment": app.environment,
        "accessKey": app.access_key,
        "settings": app.settings,
        "createdAt": app.created_at.unix_timestamp(),
        "updatedAt": app.updated_at.unix_timestamp(),
    })
}

fn print_app(app: &App, json: bool) {
    if json {
        println!("{}", app_json(app));
    } else {
        println!("Updated app {} ({}).", app.name, app.id);
        match serde_json::to_string_pretty(&app.settings) {
            Ok(settings) => println!("{settings}"),
            Err(error) => println!("(settings could not be shown: {error})"),
        }
    }
}
