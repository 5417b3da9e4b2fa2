//! The sandbox personas' counterparties (crates/sandbox/src/personas/names.rs) must be known by
//! CNPJ, and their statement lines must land where a person would put them.

use ponte_domain::Cnpj;
use ponte_domain::finance::{CardTransactionType, Direction, PersonType, TransactionType};

use super::super::merchants::entries_for_tests;
use super::super::standard::StandardRules;
use super::{FactsExt, account, card_of, code};

const NAMES_RS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../sandbox/src/personas/names.rs");

/// `(name, cnpj, mcc)` of every `Org { name: "…", cnpj: "…", mcc: … }` in the sandbox's tables.
fn sandbox_orgs() -> Vec<(String, String, u32)> {
    let source = std::fs::read_to_string(NAMES_RS).unwrap_or_else(|e| panic!("{NAMES_RS}: {e}"));
    let field = |entry: &str, name: &str| -> Option<String> {
        let start = entry.find(&format!("{name}: "))? + name.len() + 2;
        let rest = &entry[start..];
        let value = rest.split([',', '}']).next()?.trim().trim_matches('"');
        Some(value.to_owned())
    };
    source
        .split("Org {")
        .skip(1)
        .filter_map(|entry| {
            let entry = entry.split('}').next()?;
            Some((field(entry, "name")?, field(entry, "cnpj")?, field(entry, "mcc")?.parse().ok()?))
        })
        .collect()
}

#[test]
fn every_sandbox_counterparty_is_in_the_merchant_list() {
    let standard = StandardRules::build().unwrap_or_else(|e| panic!("{e}"));
    let orgs = sandbox_orgs();
    assert!(orgs.len() >= 100, "only {} organisations read from {NAMES_RS}", orgs.len());
    for (name, cnpj, _) in &orgs {
        assert!(standard.merchants().find(cnpj).is_some(), "{name} ({cnpj}) is not in data/merchants.json");
    }
}

#[test]
fn every_listed_cnpj_is_valid() {
    let entries = entries_for_tests(include_str!("../../../data/merchants.json"));
    assert!(!entries.is_empty());
    for (cnpj, kind) in entries {
        if cnpj.len() == 14 {
            assert!(cnpj.parse::<Cnpj>().is_ok(), "{cnpj} ({kind}) has wrong check digits");
        } else {
            assert!(cnpj.len() == 8 && cnpj.bytes().all(|b| b.is_ascii_digit()), "{cnpj} ({kind})");
        }
    }
}

#[test]
fn sandbox_card_purchases_land_in_their_merchant_category() {
    // The sandbox's card lines carry the organisation's name and MCC but no CNPJ.
    let purchase = CardTransactionType::Pagamento;
    let expected_first_level = |mcc: u32| match mcc {
        5411 | 5812 | 5814 | 5462 => "alimentacao",
        4121 | 5541 => "transporte",
        5912 => "saude",
        4899 | 5815 | 5734 => "servicos_assinaturas",
        5999 | 5732 | 5311 | 5651 | 5941 => "compras",
        7995 => "apostas",
        4814 | 4900 => "skip",
        other => panic!("no expectation for MCC {other}"),
    };
    for (name, _, mcc) in sandbox_orgs().into_iter().filter(|o| o.2 > 0) {
        let want = expected_first_level(mcc);
        if want == "skip" {
            continue;
        }
        let got = code(&card_of(&name, &purchase, Direction::Debit, None, None, Some(mcc)));
        assert!(got.starts_with(&format!("{want}.")), "{name} (MCC {mcc}) → {got}");
        let instalment = format!("{name} PARC 02/10");
        let got = code(&card_of(&instalment, &purchase, Direction::Debit, None, None, Some(mcc)));
        assert!(got.starts_with(&format!("{want}.")), "{instalment} → {got}");
    }
}

#[test]
fn sandbox_statement_lines() {
    static PIX: TransactionType = TransactionType::Pix;
    static TED: TransactionType = TransactionType::Ted;
    static BOLETO: TransactionType = TransactionType::Boleto;
    static CONVENIO: TransactionType = TransactionType::ConvenioArrecadacao;
    static FOLHA: TransactionType = TransactionType::FolhaPagamento;
    static CARTAO: TransactionType = TransactionType::Cartao;
    static OUTROS: TransactionType = TransactionType::Outros;
    static PACOTE: TransactionType = TransactionType::PacoteTarifaServicos;
    static AVULSA: TransactionType = TransactionType::TarifaServicosAvulsos;
    use Direction::{Credit, Debit};
    // (name, type, direction, counterparty CNPJ, business?, expected leaf), as the personas'
    // streams write them.
    type Line<'a> = (&'a str, &'a TransactionType, Direction, Option<&'a str>, bool, &'a str);
    let lines: [Line<'_>; 24] = [
        (
            "PAGTO SALARIO ACME LTDA",
            &FOLHA,
            Credit,
            Some("69953947000113"),
            false,
            "renda.renda_ativa.salario",
        ),
        (
            "PAGTO 13 SALARIO ACME LTDA",
            &FOLHA,
            Credit,
            Some("69953947000113"),
            false,
            "renda.renda_ativa.salario",
        ),
        (
            "PAGTO BOLETO IMOBILIARIA LAR IDEAL LTDA",
            &BOLETO,
            Debit,
            Some("82375304000106"),
            false,
            "moradia.aluguel_condominio.aluguel",
        ),
        (
            "PAGTO BOLETO UNIMED",
            &BOLETO,
            Debit,
            Some("48414348000151"),
            false,
            "saude.plano_saude.plano_saude",
        ),
        (
            "COMPRA CARTAO DEB CARREFOUR",
            &CARTAO,
            Debit,
            Some("17404316000141"),
            false,
            "alimentacao.supermercados.supermercado",
        ),
        (
            "COMPRA CARTAO DEB DROGA RAIA",
            &CARTAO,
            Debit,
            Some("91350922000184"),
            false,
            "saude.farmacia.medicamentos",
        ),
        (
            "PAGTO CONTA ENEL SP",
            &CONVENIO,
            Debit,
            Some("84118868000180"),
            false,
            "moradia.contas_casa.energia",
        ),
        (
            "PAGTO CONTA VIVO",
            &CONVENIO,
            Debit,
            Some("59374335000112"),
            false,
            "servicos_assinaturas.telecom.telefonia_internet",
        ),
        ("SAQUE 24H BANCO24HORAS", &OUTROS, Debit, None, false, "servicos_financeiros.saques.saque"),
        (
            "CRED BENEFICIO INSS",
            &OUTROS,
            Credit,
            Some("29979036000140"),
            false,
            "renda.beneficios.aposentadoria_pensao",
        ),
        (
            "CRED 13 SALARIO INSS",
            &OUTROS,
            Credit,
            Some("29979036000140"),
            false,
            "renda.beneficios.aposentadoria_pensao",
        ),
        (
            "PIX RECEBIDO IFOOD.COM AGENCIA DE RESTAURANTES",
            &PIX,
            Credit,
            Some("11604667000110"),
            false,
            "renda.renda_autonoma.entregas_app",
        ),
        (
            "PIX RECEBIDO UBER DO BRASIL TECNOLOGIA",
            &PIX,
            Credit,
            Some("50643516000122"),
            false,
            "renda.renda_autonoma.motorista_app",
        ),
        (
            "TED RECEBIDA RAPPI BRASIL",
            &TED,
            Credit,
            Some("64902209000123"),
            false,
            "renda.renda_autonoma.entregas_app",
        ),
        ("PAGTO DAS MEI", &CONVENIO, Debit, Some("00394460005887"), false, "impostos_taxas.federais.das"),
        (
            "PIX ENVIADO SUPERBET",
            &PIX,
            Debit,
            Some("68096287000139"),
            false,
            "apostas.apostas_online.depositos",
        ),
        (
            "PIX RECEBIDO KTO",
            &PIX,
            Credit,
            Some("33953235000157"),
            false,
            "apostas.apostas_online.saques_premios",
        ),
        (
            "CRED VENDAS CARTAO STONE",
            &TED,
            Credit,
            Some("94933979000102"),
            true,
            "receitas.vendas_cartao.recebiveis",
        ),
        (
            "PAGTO BOLETO EMBALAGENS NOVA ERA LTDA",
            &BOLETO,
            Debit,
            Some("49827504000179"),
            true,
            "despesas_empresa.fornecedores.pagamento_fornecedores",
        ),
        ("PAGTO FGTS", &CONVENIO, Debit, Some("00360305000104"), true, "despesas_empresa.folha.encargos"),
        ("PAGTO ISS", &CONVENIO, Debit, Some("46395000000139"), true, "impostos_taxas.municipais.iss"),
        (
            "TARIFA PACOTE SERVICOS PJ",
            &PACOTE,
            Debit,
            None,
            true,
            "servicos_financeiros.tarifas.pacote_servicos",
        ),
        ("TARIFA TED", &AVULSA, Debit, None, true, "servicos_financeiros.tarifas.tarifas_avulsas"),
        (
            "TED RECEBIDA GRUPO ATLAS PARTICIPACOES S.A.",
            &TED,
            Credit,
            Some("56842991000104"),
            true,
            "receitas.recebimentos.clientes_pj",
        ),
    ];
    for (name, kind, direction, cnpj, business, expected) in lines {
        let mut facts = account(name, kind, direction);
        if let Some(cnpj) = cnpj {
            facts = facts.with_party(cnpj).person(PersonType::PessoaJuridica);
        }
        if business {
            facts = facts.business();
        }
        assert_eq!(code(&facts), expected, "{name}");
    }
    // An employee's pay and a customer's PIX at the retailer.
    let pay = account("PAGTO SALARIO JOAO S", &FOLHA, Debit).person(PersonType::PessoaNatural).business();
    assert_eq!(code(&pay), "despesas_empresa.folha.salarios");
    let sale = account("PIX RECEBIDO MARIA S", &PIX, Credit).person(PersonType::PessoaNatural).business();
    assert_eq!(code(&sale), "receitas.recebimentos.clientes_pf");
}
