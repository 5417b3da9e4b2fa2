//! How long generating a persona's data takes: the high-volume persona (about 24,000
//! transactions over 12 months; the budget is 50 ms on one core in release) and the salaried
//! persona (a typical customer).
//!
//! `cargo bench -p ponte-sandbox --bench personas -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ponte_domain::TaxId;
use ponte_sandbox::bank::BankCode;
use ponte_sandbox::personas::generate;
use time::macros::date;

fn personas(c: &mut Criterion) {
    let today = date!(2026 - 11 - 20);
    for (name, tax_id) in [("high_volume", "80000000833"), ("salaried", "76109277673")] {
        let tax_id: TaxId = tax_id.parse().expect("a persona's tax id is valid");
        c.bench_function(&format!("generate/{name}"), |b| {
            b.iter(|| generate(black_box(&tax_id), BankCode::Healthy, black_box(today)))
        });
    }
}

criterion_group!(benches, personas);
criterion_main!(benches);
