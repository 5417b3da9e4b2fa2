//! A micro check of the categoriser's throughput (the report engine needs ≥ 1,000,000
//! transactions per second per core). Run it in release:
//! `cargo test -p ponte-reports --release categoriser_speed -- --ignored --nocapture`.

use std::hint::black_box;
use std::time::Instant;

use ponte_domain::finance::{CardTransactionType, Direction, TransactionType};

use super::super::Categoriser;
use super::{FactsExt, account, card_of};

#[test]
#[ignore = "a timing check: run it in release"]
fn categoriser_speed() {
    static PIX: TransactionType = TransactionType::Pix;
    static OUTROS: TransactionType = TransactionType::Outros;
    static BOLETO: TransactionType = TransactionType::Boleto;
    static PURCHASE: CardTransactionType = CardTransactionType::Pagamento;
    let names = [
        "PIX ENVIADO JOAO S",
        "PIX RECEBIDO MARIA DAS GRACAS",
        "PAGTO BOLETO IMOBILIARIA LAR IDEAL LTDA",
        "COMPRA CARTAO DEB SUPERMERCADO BH 12/03",
        "PAG*IFOOD *RESTAURANTE",
        "UBER *TRIP HELP.UBER.COM",
        "TARIFA PACOTE SERVICOS",
        "JUROS CHEQUE ESPECIAL",
        "Transferência enviada pelo Pix - JOSE CARLOS DA SILVA - •••.456.789-•• - BCO DO BRASIL",
        "NETFLIX.COM",
    ];
    let mut facts = Vec::new();
    for name in names {
        facts.push(account(name, &PIX, Direction::Debit));
        facts.push(account(name, &OUTROS, Direction::Credit));
        facts.push(account(name, &BOLETO, Direction::Debit).with_party("56013434000180"));
        facts.push(card_of(name, &PURCHASE, Direction::Debit, None, None, Some(5411)));
        facts.push(card_of(name, &PURCHASE, Direction::Debit, None, None, None));
    }
    let categoriser = Categoriser::standard();
    // Warm up (compiles the data once).
    for f in &facts {
        black_box(categoriser.categorise(f));
    }
    let rounds = 20_000;
    let start = Instant::now();
    for _ in 0..rounds {
        for f in &facts {
            black_box(categoriser.categorise(black_box(f)));
        }
    }
    let count = rounds * facts.len();
    let ns = start.elapsed().as_nanos() as f64 / count as f64;
    println!("categoriser: {ns:.0} ns per transaction ({:.2} million per second)", 1_000.0 / ns);
    println!("keyword automaton: {} KiB", categoriser.standard.automaton_bytes() / 1024);
    if !cfg!(debug_assertions) {
        assert!(ns < 1_000.0, "{ns:.0} ns per transaction: slower than 1,000,000 per second");
    }
}
