//! `ponte consents …`: operator actions on end users' consents (data-subject requests).

use super::{Cli, open_for_admin};
use anyhow::Context;
use clap::Subcommand;
use ponte_link::Journey;
use ponte_link::view::ConsentView;
use ponte_server::institutions::{self, SandboxConnection};
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum ConsentsCommand {
    /// The end user asked for their shared data to be deleted: revokes the consent at the
    /// institution, forgets its tokens, and marks it DELETED_BY_USER (the partner receives
    /// consent_deleted_by_user).
    DeleteByUser {
        /// The app the consent belongs to.
        #[arg(long)]
        app: Uuid,
        consent_id: Uuid,
    },
}

pub async fn run(cli: &Cli, command: &ConsentsCommand) -> anyhow::Result<()> {
    let config = cli.load_config(ponte_server::config::Overrides::default())?;
    let store = open_for_admin(cli).await?;
    match command {
        ConsentsCommand::DeleteByUser { app, consent_id } => {
            let app = store.app(*app).await?.context("no such app")?;
            let consent = store.consent(app.id, *consent_id).await?.context("no such consent in this app")?;
            // The embedded sandbox banks, when `ponte serve` runs them, are where config says.
            let sandbox = config.runs_sandbox().then(|| SandboxConnection {
                directory_url: format!(
                    "https://{}/participants",
                    config.sandbox.host_name().map_or_else(
                        || config.sandbox.bind.clone(),
                        |host| {
                            let port = config.sandbox.bind.rsplit(':').next().unwrap_or("8443");
                            format!("{host}:{port}")
                        }
                    )
                ),
                dir: config.sandbox_dir(),
                resolve: None,
            });
            let registry = institutions::registry(&config, sandbox.as_ref())?;
            for (environment, error) in registry.refresh().await {
                eprintln!("warning: the {} institutions could not be loaded: {error}", environment.as_str());
            }
            let journey = Journey::new(store.clone(), registry, &config.effective_public_url());
            let consent = journey.delete_by_user(&app, &consent, "operator_data_deletion").await?;
            println!("{}", serde_json::to_string_pretty(&ConsentView::of(&consent))?);
        }
    }
    store.close().await;
    Ok(())
}
