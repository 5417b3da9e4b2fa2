//! Signing cost per delivery: both signature schemes over a 2 KiB body (the figure is
//! ≥ 200,000 signatures/s on one core). The baseline is hashing the same body with plain
//! SHA-256, measured in the same run.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ponte_webhooks::signing::{AppSigningKeys, WebhookSecret, klavi_signature};
use sha2::{Digest, Sha256};
use std::hint::black_box;

fn signing(c: &mut Criterion) {
    let body = vec![b'x'; 2048];
    let secret: WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse().expect("valid secret");
    let keys = AppSigningKeys {
        webhook_secrets: vec![secret.clone()],
        secret_key: "sk_benchmark_secret_key_0123456789".into(),
    };
    let mut group = c.benchmark_group("sign 2 KiB body");
    group.throughput(Throughput::Elements(1));
    group.bench_function("baseline: SHA-256 of the body", |b| b.iter(|| Sha256::digest(black_box(&body))));
    group.bench_function("Standard Webhooks v1", |b| {
        b.iter(|| {
            secret.sign(
                black_box("evt_01JD0000000000000000000000"),
                black_box(1_732_406_400),
                black_box(&body),
            )
        })
    });
    group.bench_function("Klavi X-Klavi-Signature", |b| {
        b.iter(|| klavi_signature(black_box("sk_benchmark"), black_box(&body)))
    });
    group.bench_function("all headers of one attempt", |b| {
        b.iter(|| {
            keys.headers(
                black_box("evt_01JD0000000000000000000000"),
                black_box(1_732_406_400),
                black_box(&body),
                "X-Klavi",
            )
        })
    });
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
