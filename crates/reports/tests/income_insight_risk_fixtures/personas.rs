//! Hand-built data sets shaped like the sandbox personas (spec §9), small enough to reason
//! about: each persona's defining traits and nothing else.

use ponte_domain::finance::{Bill, CardTransaction, CardTransactionType, ConsentData, Direction};

use super::*;

pub const SALARIED: &str = "76109277673";
pub const GIG_WORKER: &str = "10000000108";
pub const OVER_INDEBTED: &str = "20000000299";
pub const BETTOR: &str = "30000000388";
pub const THIN_FILE: &str = "40000000477";
pub const RETIREE: &str = "50000000566";
pub const RETAILER: &str = "11222333000181";
pub const SERVICES: &str = "44555666000181";

const EMPLOYER: &str = "12345678000190";
const INSS: &str = "29979036000140";
const IFOOD: &str = "14380200000121";
const UBER: &str = "17895646000187";
const BETTING_OPERATOR: &str = "54915387000104";
const CIELO: &str = "01027058000191";
const CLIENT_ALFA: &str = "33000167000101";

/// A small deterministic spread: `base` ± up to `spread_pct` % by `seed`.
fn vary(base: i64, spread_pct: i64, seed: u32) -> i64 {
    let x = (u64::from(seed).wrapping_mul(2_654_435_761) >> 7) % 201;
    base + base * spread_pct * (x as i64 - 100) / 10_000
}

/// Monthly card purchases billed on day 3 of the next month, for months 12..=1 back; the
/// current month's purchases unbilled.
fn card_history(
    purchases: &[(&str, i64)],
    late_cents: i64,
    revolving_cents: i64,
) -> (Vec<Bill>, Vec<CardTransaction>) {
    let mut bills = Vec::new();
    for back in (1..=12u32).rev() {
        let mut txns: Vec<CardTransaction> = purchases
            .iter()
            .enumerate()
            .map(|(i, (name, cents))| {
                card_txn(
                    &format!("C{back:02}-{i}"),
                    month_day(back, 8 + i as u8),
                    Direction::Debit,
                    *cents,
                    name,
                )
            })
            .collect();
        if revolving_cents > 0 {
            let mut carried = card_txn(
                &format!("C{back:02}-R"),
                month_day(back, 2),
                Direction::Debit,
                revolving_cents,
                "SALDO ROTATIVO FATURA ANTERIOR",
            );
            carried.kind = CardTransactionType::OperacoesCreditoContratadasCartao;
            carried.other_credits_type = Some("CREDITO_ROTATIVO".into());
            let mut interest = card_txn(
                &format!("C{back:02}-J"),
                month_day(back, 2),
                Direction::Debit,
                revolving_cents * 14 / 100,
                "JUROS ROTATIVO",
            );
            interest.kind = CardTransactionType::OperacoesCreditoContratadasCartao;
            interest.other_credits_type = Some("CREDITO_ROTATIVO".into());
            txns.push(carried);
            txns.push(interest);
        }
        bills.push(bill(&format!("B{back:02}"), month_day(back - 1, 3), txns, late_cents));
    }
    let unbilled = purchases
        .iter()
        .take(1)
        .map(|(name, cents)| card_txn("C00-0", month_day(0, 4), Direction::Debit, *cents, name))
        .collect();
    (bills, unbilled)
}

pub fn salaried() -> Vec<ConsentData> {
    let mut s = Statement::default();
    s.monthly(0..=12, 5, Direction::Credit, |_| 685_000, "PAGTO SALARIO ACME LTDA", Some(EMPLOYER))
        .monthly(0..=12, 10, Direction::Debit, |_| 170_000, "PAGTO BOLETO ALUGUEL IMOBILIARIA", None)
        .monthly(0..=12, 12, Direction::Debit, |_| 110_000, "PAGTO FATURA CARTAO", None)
        .monthly(0..=12, 15, Direction::Debit, |_| 25_000, "PARCELA EMPRESTIMO", None)
        .monthly(0..=12, 6, Direction::Debit, |_| 50_000, "APLICACAO CDB", None);
    for day in [3, 11, 18, 25] {
        s.monthly(
            0..=12,
            day,
            Direction::Debit,
            |back| vary(35_000, 20, back + u32::from(day)),
            "COMPRA MERCADO EXTRA",
            None,
        );
    }
    let (bills, unbilled) = card_history(&[("RESTAURANTE SABOR", 60_000), ("POSTO SHELL", 50_000)], 0, 0);
    let mut c = consent(
        "999",
        vec![s.into_account("CHK1", Some(2_000_000))],
        vec![card("CARD1", 1_370_000, 300_000, bills, unbilled)],
        vec![loan("LOAN1", 25_000)],
    );
    declare_income(&mut c, 700_000, "MENSAL");
    vec![c]
}

pub fn gig_worker() -> Vec<ConsentData> {
    let mut s = Statement::default();
    // Weekly platform payouts whose size swings from month to month.
    let swing = [60, 140, 80, 150, 50, 110, 70, 130, 90, 160, 40, 120, 100];
    for back in (0..=12u32).rev() {
        for (w, day) in [2u8, 9, 16, 23].into_iter().enumerate() {
            let date = month_day(back, day);
            if date < TODAY {
                let cents = vary(45_000, 30, back * 7 + w as u32) * swing[back as usize] / 100;
                let (name, party) =
                    if w % 2 == 0 { ("PIX RECEBIDO IFOOD", IFOOD) } else { ("PIX RECEBIDO UBER", UBER) };
                s.credit(date, cents, name, Some(party));
            }
        }
    }
    s.monthly(0..=12, 5, Direction::Debit, |_| 120_000, "PIX ENVIADO JOAO LOCADOR", Some("98765432100"))
        .monthly(0..=12, 20, Direction::Debit, |_| 7_560, "PAGTO DAS MEI", None)
        .monthly(0..=12, 14, Direction::Debit, |back| vary(45_000, 40, back), "POSTO IPIRANGA", None)
        .monthly(0..=12, 22, Direction::Debit, |back| vary(40_000, 30, back), "COMPRA MERCADO DIA", None);
    let (bills, unbilled) =
        card_history(&[("RESTAURANTE BOM", 50_000), ("COMPRA MERCADO DIA", 40_000)], 0, 0);
    vec![consent(
        "999",
        vec![s.into_account("CHK1", Some(150_000))],
        vec![card("CARD1", 150_000, 90_000, bills, unbilled)],
        vec![],
    )]
}

pub fn over_indebted() -> Vec<ConsentData> {
    let mut s = Statement::default();
    s.monthly(0..=12, 5, Direction::Credit, |_| 480_000, "PAGTO SALARIO ACME LTDA", Some(EMPLOYER))
        .monthly(0..=12, 6, Direction::Debit, |_| 110_000, "PAGTO BOLETO ALUGUEL", None)
        .monthly(0..=12, 10, Direction::Debit, |_| 45_000, "PARCELA EMPRESTIMO 1", None)
        .monthly(0..=12, 12, Direction::Debit, |_| 20_000, "PARCELA EMPRESTIMO 2", None)
        .monthly(0..=12, 14, Direction::Debit, |_| 60_000, "PARCELA EMPRESTIMO 3", None)
        .monthly(0..=12, 16, Direction::Debit, |_| 120_000, "PAGTO FATURA CARTAO", None)
        .monthly(0..=12, 1, Direction::Debit, |back| vary(15_000, 20, back), "JUROS CHEQUE ESPECIAL", None)
        .monthly(0..=12, 20, Direction::Debit, |_| 4_500, "MULTA ATRASO BOLETO", None)
        .monthly(0..=12, 3, Direction::Debit, |_| 30_000, "TARIFA PACOTE SERVICOS", None);
    for day in [4, 18, 26] {
        s.monthly(
            0..=12,
            day,
            Direction::Debit,
            |back| vary(32_000, 20, back + u32::from(day)),
            "COMPRA MERCADO",
            None,
        );
    }
    let (bills, unbilled) =
        card_history(&[("COMPRA MERCADO", 80_000), ("RESTAURANTE", 40_000)], 9_000, 220_000);
    vec![consent(
        "999",
        vec![s.into_account("CHK1", Some(-550_000))],
        vec![card("CARD1", 500_000, 480_000, bills, unbilled)],
        vec![loan("L1", 45_000), loan("L2", 20_000), loan("L3", 60_000)],
    )]
}

pub fn bettor() -> Vec<ConsentData> {
    let mut s = Statement::default();
    s.monthly(0..=12, 5, Direction::Credit, |_| 420_000, "PAGTO SALARIO ACME LTDA", Some(EMPLOYER))
        .monthly(0..=12, 10, Direction::Debit, |_| 100_000, "PAGTO BOLETO ALUGUEL", None)
        .monthly(0..=12, 12, Direction::Debit, |_| 60_000, "PAGTO FATURA CARTAO", None);
    for day in [6, 9, 13, 17, 21, 27] {
        s.monthly(
            0..=12,
            day,
            Direction::Debit,
            |back| vary(25_000, 50, back + u32::from(day)),
            "PIX ENVIADO BET365",
            Some(BETTING_OPERATOR),
        );
    }
    s.monthly(
        0..=12,
        23,
        Direction::Credit,
        |back| vary(30_000, 60, back),
        "PIX RECEBIDO BET365",
        Some(BETTING_OPERATOR),
    );
    for day in [4, 18] {
        s.monthly(
            0..=12,
            day,
            Direction::Debit,
            |back| vary(35_000, 20, back + u32::from(day)),
            "COMPRA MERCADO",
            None,
        );
    }
    let (bills, unbilled) = card_history(&[("RESTAURANTE", 30_000), ("BETANO APOSTAS BET", 30_000)], 0, 0);
    vec![consent(
        "999",
        vec![s.into_account("CHK1", Some(100_000))],
        vec![card("CARD1", 840_000, 300_000, bills, unbilled)],
        vec![],
    )]
}

pub fn thin_file() -> Vec<ConsentData> {
    let mut s = Statement::default();
    let opened = month_day(2, 10);
    s.credit(opened, 40_000, "PIX RECEBIDO MARIA S", Some("11122233344"))
        .monthly(0..=1, 5, Direction::Credit, |_| 70_000, "PIX RECEBIDO MARIA S", Some("11122233344"))
        .monthly(0..=2, 12, Direction::Debit, |_| 15_000, "RESTAURANTE UNI", None)
        .monthly(0..=2, 20, Direction::Debit, |_| 20_000, "PIX ENVIADO AMIGO", Some("55566677788"));
    vec![consent("999", vec![s.into_account("CHK1", Some(95_000))], vec![], vec![])]
}

pub fn retiree() -> Vec<ConsentData> {
    let mut s = Statement::default();
    s.monthly(0..=12, 3, Direction::Credit, |_| 350_000, "CRED BENEFICIO INSS", Some(INSS))
        .monthly(0..=12, 10, Direction::Debit, |_| 55_000, "PAGTO BOLETO PLANO SAUDE", None)
        .monthly(0..=12, 11, Direction::Debit, |_| 17_000, "PARCELA EMPRESTIMO CONSIGNADO", None)
        .monthly(0..=12, 15, Direction::Debit, |_| 60_000, "PAGTO FATURA CARTAO", None)
        .monthly(0..=12, 28, Direction::Credit, |back| vary(9_000, 10, back), "RENDIMENTO POUPANCA", None);
    for day in [6, 20] {
        s.monthly(
            0..=12,
            day,
            Direction::Debit,
            |back| vary(45_000, 15, back + u32::from(day)),
            "COMPRA MERCADO",
            None,
        );
    }
    let (bills, unbilled) = card_history(&[("COMPRA MERCADO", 40_000), ("POSTO", 20_000)], 0, 0);
    vec![consent(
        "999",
        vec![s.into_account("CHK1", Some(900_000))],
        vec![card("CARD1", 700_000, 80_000, bills, unbilled)],
        vec![loan("CONSIG", 17_000)],
    )]
}

pub fn retailer() -> Vec<ConsentData> {
    let mut s = Statement::default();
    for back in (0..=12u32).rev() {
        for day in (1..=28u8).step_by(2) {
            let date = month_day(back, day);
            if date >= TODAY {
                continue;
            }
            s.credit(
                date,
                vary(80_000, 30, back * 31 + u32::from(day)),
                "CRED VENDAS CARTAO CIELO",
                Some(CIELO),
            );
            let buyer = format!("{:011}", 20_000_000_000u64 + u64::from(back) * 100 + u64::from(day));
            s.credit(date, vary(9_000, 50, back + u32::from(day)), "PIX RECEBIDO", Some(&buyer));
        }
    }
    s.monthly(
        0..=12,
        7,
        Direction::Debit,
        |back| vary(200_000, 20, back),
        "PAGTO BOLETO FORNECEDOR ATACADAO",
        Some("75315333000109"),
    )
    .monthly(
        0..=12,
        21,
        Direction::Debit,
        |back| vary(180_000, 20, back),
        "PAGTO BOLETO FORNECEDOR AMBEV",
        Some("07526557000100"),
    )
    .monthly(0..=12, 20, Direction::Debit, |back| vary(48_000, 10, back), "PAGTO DAS SIMPLES NACIONAL", None)
    .monthly(0..=12, 10, Direction::Debit, |_| 45_000, "PAGTO BOLETO ALUGUEL LOJA", None)
    .monthly(0..=12, 2, Direction::Debit, |_| 8_900, "TARIFA PACOTE SERVICOS PJ", None)
    .monthly(0..=12, 12, Direction::Debit, |_| 60_000, "PARCELA EMPRESTIMO CAPITAL DE GIRO", None);
    for (i, name) in
        ["PAGTO SALARIO ANA", "PAGTO SALARIO BRUNO", "PAGTO SALARIO CARLA", "PAGTO SALARIO DIEGO"]
            .into_iter()
            .enumerate()
    {
        let cpf = format!("{:011}", 30_000_000_000u64 + i as u64);
        s.monthly(0..=12, 5, Direction::Debit, |_| 150_000, name, Some(&cpf));
    }
    vec![consent("999", vec![s.into_account("CHK1", Some(1_500_000))], vec![], vec![loan("CAPGIRO", 60_000)])]
}

pub fn services_company() -> Vec<ConsentData> {
    let mut s = Statement::default();
    s.monthly(
        0..=12,
        10,
        Direction::Credit,
        |back| vary(4_200_000, 5, back),
        "TED RECEBIDA CLIENTE ALFA",
        Some(CLIENT_ALFA),
    );
    for (i, day) in [14u8, 24].into_iter().enumerate() {
        let client = format!("{:014}", 40_000_000_000_000u64 + i as u64);
        s.monthly(
            0..=12,
            day,
            Direction::Credit,
            |back| vary(450_000, 30, back + u32::from(day)),
            "PIX RECEBIDO CLIENTE",
            Some(&client),
        );
    }
    for i in 0..6u64 {
        let cpf = format!("{:011}", 31_000_000_000u64 + i);
        s.monthly(0..=12, 5, Direction::Debit, |_| 400_000, "PAGTO SALARIO EQUIPE", Some(&cpf));
    }
    s.monthly(0..=12, 20, Direction::Debit, |_| 280_000, "PAGTO DARF IRPJ CSLL", None)
        .monthly(0..=12, 24, Direction::Debit, |_| 220_000, "PAGTO DARF PIS COFINS", None)
        .monthly(0..=12, 6, Direction::Debit, |_| 600_000, "PAGTO BOLETO ALUGUEL ESCRITORIO", None)
        .monthly(0..=12, 6, Direction::Debit, |_| 1_500_000, "PIX ENVIADO PRO LABORE", Some("76109277673"))
        .monthly(0..=12, 11, Direction::Debit, |back| vary(12_000, 30, back), "JUROS CHEQUE ESPECIAL", None)
        .monthly(0..=12, 2, Direction::Debit, |_| 8_900, "TARIFA PACOTE SERVICOS PJ", None);
    vec![consent("999", vec![s.into_account("CHK1", Some(300_000))], vec![], vec![])]
}

/// Every persona with its tax id.
pub fn all() -> Vec<(&'static str, Vec<ConsentData>)> {
    vec![
        (SALARIED, salaried()),
        (GIG_WORKER, gig_worker()),
        (OVER_INDEBTED, over_indebted()),
        (BETTOR, bettor()),
        (THIN_FILE, thin_file()),
        (RETIREE, retiree()),
        (RETAILER, retailer()),
        (SERVICES, services_company()),
    ]
}
