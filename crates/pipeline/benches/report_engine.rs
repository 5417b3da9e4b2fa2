//! The report engine over the high-volume persona (80000000833: about 24,000 transactions over
//! 3 accounts and 2 cards), fetched once from the in-process sandbox on a fixed day through
//! Ponte's OFB client, as the golden tests do. The figures to compare with (issue "Report
//! engine"): at least 1,000,000 transactions/s per core through categorisation and
//! aggregation, and the full product set in at most 100 ms of CPU.
//!
//! * `categorise_only`: [`Analysis::new`], which categorises every transaction.
//! * `categorise_aggregate`: the same plus one pass over every categorised entry, summing
//!   amounts per category leaf (what every product's first step looks like).
//! * `product_set_bodies`: what a report request costs — the analysis, then every `pf_`
//!   product built (bodies serialised to JSON text, as `products::build` does).
//! * `product_set_envelopes`: the same plus each report's envelope (`to_json_string`), i.e.
//!   the bytes delivered.
//! * `product/<code>`: each product alone over one shared analysis, to see where the product
//!   set's time goes.
//!
//! Each is measured single-threaded (the engine does not spawn). Throughput is in
//! transactions (account and card). Run with
//! `cargo bench -p ponte-pipeline --bench report_engine` (about a minute and a half once built).

#[path = "../tests/golden/persona_data.rs"]
mod persona_data;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ponte_domain::ProductCode;
use ponte_domain::finance::{ConsentData, Direction};
use ponte_reports::envelope::ReportContext;
use ponte_reports::{Analysis, Categoriser, Holder, products};
use rust_decimal::Decimal;
use time::Date;
use time::macros::{date, time};

use persona_data::{BANK, Persona, SandboxOnDay};

/// The day the persona is generated and the reports are built (any fixed day will do).
const TODAY: Date = date!(2026 - 06 - 15);

const HIGH_VOLUME: Persona = Persona {
    name: "high_volume",
    description: "high volume: ~2,000 transactions a month across 3 accounts and 2 cards",
    logged_user: "80000000833",
    company: None,
};

/// The persona's data, through the sandbox and the real fetcher.
fn fetch_high_volume() -> ConsentData {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime for the sandbox");
    runtime.block_on(async {
        let sandbox = SandboxOnDay::start(TODAY).await;
        sandbox.fetch(&HIGH_VOLUME).await
    })
}

/// Σ signed amount and count per category leaf over every categorised entry: one cheap
/// aggregation touching each transaction once.
fn sum_per_leaf<'a>(analysis: &Analysis<'a>) -> BTreeMap<&'a str, (u32, Decimal)> {
    let mut sums: BTreeMap<&'a str, (u32, Decimal)> = BTreeMap::new();
    let mut add = |code: &'a str, direction: Direction, amount: Decimal| {
        let entry = sums.entry(code).or_default();
        entry.0 += 1;
        entry.1 += if direction == Direction::Credit { amount } else { -amount };
    };
    for entry in analysis.account_entries() {
        let t = entry.transaction;
        add(entry.category.code(), t.direction, t.amount.amount.decimal());
    }
    for entry in analysis.card_entries() {
        let t = entry.transaction;
        add(entry.category.code(), t.direction, t.amount.amount.decimal());
    }
    sums
}

fn report_engine(c: &mut Criterion) {
    let consents = [fetch_high_volume()];
    let transactions = consents[0].account_transactions().count() + consents[0].card_transactions().count();
    let holder: Holder = HIGH_VOLUME.holder();
    let categoriser = Categoriser::standard();
    let personal: Vec<ProductCode> =
        ProductCode::ALL.into_iter().filter(|p| p.audience() == holder.audience).collect();
    let context = ReportContext {
        request_id: "bench".to_owned(),
        product_report_id: "00000000-0000-4000-8000-000000000000".to_owned(),
        report_time: TODAY.with_time(time!(12:00)).assume_utc(),
        links: Vec::new(),
        external_info: None,
    };
    eprintln!(
        "report_engine: {} ({}) at bank {BANK}: {transactions} transactions, {} products",
        holder.tax_id,
        HIGH_VOLUME.description,
        personal.len()
    );
    let new_analysis = || Analysis::new(&consents, holder.clone(), TODAY, &categoriser);

    let mut group = c.benchmark_group("report_engine");
    group.throughput(Throughput::Elements(transactions as u64));
    // The baseline, measured in the same run: the simplest pass over the same data (every
    // transaction's amount added up), to read the other figures against on a noisy machine.
    group.bench_function("baseline_sum_amounts", |b| {
        b.iter(|| {
            let total: rust_decimal::Decimal = consents
                .iter()
                .flat_map(|c| c.account_transactions().map(|(_, t)| t.amount.amount.decimal()))
                .chain(
                    consents
                        .iter()
                        .flat_map(|c| c.card_transactions().map(|(_, t)| t.amount.amount.decimal())),
                )
                .sum();
            black_box(total)
        })
    });
    group.bench_function("categorise_only", |b| b.iter(|| black_box(new_analysis())));
    group.bench_function("categorise_aggregate", |b| {
        b.iter(|| {
            let analysis = new_analysis();
            black_box(sum_per_leaf(&analysis).len())
        })
    });
    group.bench_function("product_set_bodies", |b| {
        b.iter(|| {
            let analysis = new_analysis();
            let bytes: usize = personal.iter().map(|p| products::build(*p, &analysis).body.len()).sum();
            black_box(bytes)
        })
    });
    group.bench_function("product_set_envelopes", |b| {
        b.iter(|| {
            let analysis = new_analysis();
            let bytes: usize = personal
                .iter()
                .map(|p| {
                    let report = products::build(*p, &analysis);
                    report.to_json_string(&context, &holder).map_or(0, |json| json.len())
                })
                .sum();
            black_box(bytes)
        })
    });
    group.finish();

    // Where the product set's time goes: each product alone over one shared analysis.
    let analysis = new_analysis();
    let mut group = c.benchmark_group("product");
    group.warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_millis(1500));
    for product in &personal {
        group
            .bench_function(product.as_str(), |b| b.iter(|| black_box(products::build(*product, &analysis))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = report_engine
}
criterion_main!(benches);
