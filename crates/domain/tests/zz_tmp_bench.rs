#[test]
fn bench() {
    let lines = [
        "2024-11-24T10:30:00.123Z INFO ponte::http: request finished method=GET path=/data/v1/links/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b status=200 latency_ms=12",
        "2024-11-24T10:30:00.123Z INFO ponte::worker: fetched accounts consent=urn:bancoex:C1DD33123 count=3",
        "{\"timestamp\":\"2024-11-24T10:30:00.123Z\",\"level\":\"INFO\",\"fields\":{\"message\":\"ação concluída\",\"cpf\":\"76109277673\"}}",
        "short line",
    ];
    for l in lines {
        let start = std::time::Instant::now();
        let n = 100_000;
        let mut total = 0;
        for _ in 0..n {
            total += ponte_domain::redact(std::hint::black_box(l)).len();
        }
        eprintln!("{:>8.0} ns/line  {}", start.elapsed().as_nanos() as f64 / n as f64, &l[..40.min(l.len())]);
        assert!(total > 0);
    }
}
