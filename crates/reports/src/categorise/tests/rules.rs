//! Every kind of shipped rule, and the order they are tried in.

use ponte_domain::finance::{CardTransactionType, Direction, PersonType, TransactionType};

use super::super::{Categoriser, Role};
use super::{BOLETO, CONVENIO, FactsExt, OUTROS, PIX, TED, account, card, card_of, code};

const BETANO: &str = "56013434000180";
const INSS: &str = "29979036000140";
const RECEITA: &str = "00394460005887";
const CIELO: &str = "83705202000166";
const ACME: &str = "69953947000113";
const IMOBILIARIA: &str = "82375304000106";
/// A CPF and a CNPJ nobody lists.
const SOME_CPF: &str = "52998224725";
const SOME_CNPJ: &str = "11444777000161";

static FOLHA: TransactionType = TransactionType::FolhaPagamento;
static PORTABILIDADE: TransactionType = TransactionType::PortabilidadeSalario;
static RESERVADO: TransactionType = TransactionType::TransferenciaSaldoReservado;
static PACOTE: TransactionType = TransactionType::PacoteTarifaServicos;
static AVULSA: TransactionType = TransactionType::TarifaServicosAvulsos;
static CHEQUE_ESPECIAL: TransactionType = TransactionType::EncargosJurosChequeEspecial;
static RENDIMENTO: TransactionType = TransactionType::RendimentoAplicFinanceira;
static RESGATE: TransactionType = TransactionType::ResgateAplicFinanceira;
static CREDITO: TransactionType = TransactionType::OperacaoCredito;
static SAQUE: TransactionType = TransactionType::Saque;
static DEPOSITO: TransactionType = TransactionType::Deposito;
static MESMA_INSTITUICAO: TransactionType = TransactionType::TransferenciaMesmaInstituicao;
static CARTAO: TransactionType = TransactionType::Cartao;
static UNKNOWN: TransactionType = TransactionType::Other(String::new());

static TARIFA: CardTransactionType = CardTransactionType::Tarifa;
static OPERACOES: CardTransactionType = CardTransactionType::OperacoesCreditoContratadasCartao;
static ESTORNO: CardTransactionType = CardTransactionType::Estorno;
static CASHBACK: CardTransactionType = CardTransactionType::Cashback;
static PAGAMENTO_FATURA: CardTransactionType = CardTransactionType::PagamentoFatura;
static CARD_OTHER: CardTransactionType = CardTransactionType::Outros;

use Direction::{Credit, Debit};

#[test]
fn own_account_comes_first() {
    // Even a betting operator's CNPJ and a salary keyword give way to "own account".
    let out = account("PIX ENVIADO BETANO", &PIX, Debit).with_party(BETANO).own();
    assert_eq!(code(&out), "transferencias.contas_proprias.enviada");
    let back = account("PAGTO SALARIO", &FOLHA, Credit).own();
    assert_eq!(code(&back), "transferencias.contas_proprias.recebida");
    assert_eq!(Categoriser::standard().categorise(&back).role(), Some(Role::OwnTransfer));
}

#[test]
fn a_known_cnpj_decides_by_direction_and_names_the_brand() {
    let categoriser = Categoriser::standard();
    let bet = account("PIX ENVIADO", &PIX, Debit).with_party(BETANO);
    let c = categoriser.categorise(&bet);
    assert_eq!(c.code(), "apostas.apostas_online.depositos");
    assert_eq!((c.role(), c.brand), (Some(Role::Betting), Some("Betano")));
    let win = account("PIX RECEBIDO", &PIX, Credit).with_party("56.013.434/0001-80");
    assert_eq!(code(&win), "apostas.apostas_online.saques_premios");
    // An employer's PIX is salary although PIX alone says nothing.
    assert_eq!(
        code(&account("PIX RECEBIDO ACME", &PIX, Credit).with_party(ACME)),
        "renda.renda_ativa.salario"
    );
}

#[test]
fn a_cnpj_root_covers_every_establishment() {
    // INSS is listed by its root: another establishment's CNPJ is recognised too.
    let benefit = account("CREDITO", &OUTROS, Credit).with_party("29979036001899");
    assert_eq!(code(&benefit), "renda.beneficios.aposentadoria_pensao");
}

#[test]
fn a_cnpj_leaf_is_refined_by_keywords_of_the_same_subcategory_only() {
    let das = account("PAGTO DAS MEI", &CONVENIO, Debit).with_party(RECEITA);
    assert_eq!(code(&das), "impostos_taxas.federais.das");
    let darf = account("PAGTO DARF IRPJ CSLL", &CONVENIO, Debit).with_party(RECEITA);
    assert_eq!(code(&darf), "impostos_taxas.federais.darf");
    // "salario" names another subcategory (Renda ativa): the INSS benefit stays.
    let thirteenth = account("CRED 13 SALARIO INSS", &OUTROS, Credit).with_party(INSS);
    assert_eq!(code(&thirteenth), "renda.beneficios.aposentadoria_pensao");
}

#[test]
fn a_cnpj_depends_on_whose_data_it_is() {
    let personal = account("CRED VENDAS CARTAO", &TED, Credit).with_party(CIELO);
    assert_eq!(code(&personal), "renda.renda_autonoma.vendas_cartao");
    let business = account("CRED VENDAS CARTAO", &TED, Credit).with_party(CIELO).business();
    assert_eq!(code(&business), "receitas.vendas_cartao.recebiveis");
    assert_eq!(Categoriser::standard().categorise(&business).role(), Some(Role::CardAcquirer));
    // A company's rent goes to its structure costs, not to Moradia.
    let rent = account("PAGTO BOLETO", &BOLETO, Debit).with_party(IMOBILIARIA).business();
    assert_eq!(code(&rent), "despesas_empresa.estrutura.aluguel_comercial");
}

#[test]
fn the_cnpj_comes_before_the_type() {
    // FOLHA_PAGAMENTO says salary, but the counterparty is a betting operator.
    let odd = account("CREDITO", &FOLHA, Credit).with_party(BETANO);
    assert_eq!(code(&odd), "apostas.apostas_online.saques_premios");
}

#[test]
fn account_types_that_say_what_a_transaction_is() {
    let cases: [(&TransactionType, Direction, &str); 16] = [
        (&FOLHA, Credit, "renda.renda_ativa.salario"),
        (&FOLHA, Debit, "despesas_empresa.folha.salarios"),
        (&PORTABILIDADE, Credit, "renda.renda_ativa.salario"),
        (&PORTABILIDADE, Debit, "transferencias.contas_proprias.enviada"),
        (&RESERVADO, Credit, "transferencias.contas_proprias.recebida"),
        (&PACOTE, Debit, "servicos_financeiros.tarifas.pacote_servicos"),
        (&AVULSA, Debit, "servicos_financeiros.tarifas.tarifas_avulsas"),
        (&CHEQUE_ESPECIAL, Debit, "servicos_financeiros.juros_encargos.cheque_especial"),
        (&RENDIMENTO, Credit, "renda.renda_passiva.rendimentos"),
        (&RESGATE, Credit, "investimentos.resgates.resgate_aplicacao"),
        (&RESGATE, Debit, "investimentos.aplicacoes.outras_aplicacoes"),
        (&CREDITO, Credit, "servicos_financeiros.emprestimos.liberacao_credito"),
        (&CREDITO, Debit, "servicos_financeiros.emprestimos.parcela_emprestimo"),
        (&SAQUE, Debit, "servicos_financeiros.saques.saque"),
        (&DEPOSITO, Credit, "transferencias.recebidas.deposito"),
        (&CARTAO, Debit, "compras.diversas.compras_diversas"),
    ];
    for (kind, direction, expected) in cases {
        assert_eq!(code(&account("LANCAMENTO", kind, direction)), expected, "{kind:?} {direction:?}");
    }
}

#[test]
fn a_type_leaf_is_refined_within_its_subcategory_and_beats_other_keywords() {
    // "anuidade" is another leaf of Tarifas bancárias; "netflix" is not in that subcategory.
    assert_eq!(code(&account("ANUIDADE CARTAO", &AVULSA, Debit)), "servicos_financeiros.tarifas.anuidade");
    assert_eq!(
        code(&account("MENSALIDADE NETFLIX", &PACOTE, Debit)),
        "servicos_financeiros.tarifas.pacote_servicos"
    );
    // Generic words ("tarifa") never replace what the type said.
    assert_eq!(code(&account("TARIFA", &PACOTE, Debit)), "servicos_financeiros.tarifas.pacote_servicos");
    assert_eq!(code(&account("TARIFA", &OUTROS, Debit)), "servicos_financeiros.tarifas.tarifas_avulsas");
    assert_eq!(
        code(&account("DEB PARCELA CONSIGNADO 10/72", &CREDITO, Debit)),
        "servicos_financeiros.emprestimos.consignado"
    );
    assert_eq!(
        code(&account("IOF CHEQUE ESPECIAL", &CHEQUE_ESPECIAL, Debit)),
        "servicos_financeiros.juros_encargos.iof"
    );
}

#[test]
fn card_types_fees_and_credit_operations() {
    let annual = card_of("ANUIDADE DIFERENCIADA", &TARIFA, Debit, Some("ANUIDADE"), None, None);
    assert_eq!(code(&annual), "servicos_financeiros.tarifas.anuidade");
    let withdrawal_fee = card_of("TARIFA", &TARIFA, Debit, Some("SAQUE_CARTAO_BRASIL"), None, None);
    assert_eq!(code(&withdrawal_fee), "servicos_financeiros.tarifas.tarifas_avulsas");
    let balance =
        card_of("SALDO ROTATIVO FATURA ANTERIOR", &OPERACOES, Debit, None, Some("CREDITO_ROTATIVO"), None);
    assert_eq!(code(&balance), "servicos_financeiros.cartao_credito.saldo_rotativo");
    let interest = card_of("JUROS ROTATIVO", &OPERACOES, Debit, None, Some("CREDITO_ROTATIVO"), None);
    let c = Categoriser::standard();
    assert_eq!(c.categorise(&interest).code(), "servicos_financeiros.cartao_credito.juros_rotativo");
    assert_eq!(c.categorise(&interest).role(), Some(Role::LateCharge));
    let instalments = card_of("PARCELAMENTO", &OPERACOES, Debit, None, Some("PARCELAMENTO_FATURA"), None);
    assert_eq!(code(&instalments), "servicos_financeiros.cartao_credito.parcelamento_fatura");
    let refund = card_of("ESTORNO CARREFOUR", &ESTORNO, Credit, None, None, Some(5411));
    assert_eq!(code(&refund), "servicos_financeiros.estornos.estorno");
    assert_eq!(
        code(&card_of("CASHBACK", &CASHBACK, Credit, None, None, None)),
        "servicos_financeiros.recompensas.cashback"
    );
    let payment = card_of("PAGAMENTO RECEBIDO", &PAGAMENTO_FATURA, Credit, None, None, None);
    assert_eq!(code(&payment), "servicos_financeiros.cartao_credito.pagamento_fatura");
    // Late charges carried as OUTROS are found by their words.
    let fine = card_of("MULTA POR ATRASO", &CARD_OTHER, Debit, None, None, None);
    assert_eq!(code(&fine), "servicos_financeiros.juros_encargos.multa_juros_atraso");
}

#[test]
fn the_mcc_places_a_card_purchase_and_keywords_refine_it_within_the_category() {
    assert_eq!(code(&card("LOJA 123", Some(5411))), "alimentacao.supermercados.supermercado");
    // Restaurant MCC, but the words say delivery (same first level): delivery, with the brand.
    let categoriser = Categoriser::standard();
    let ifood = categoriser.categorise(&card("IFOOD *RESTAURANTE", Some(5812)));
    assert_eq!((ifood.code(), ifood.brand), ("alimentacao.delivery.delivery_comida", Some("iFood")));
    // Pharmacy MCC: a word of another first level ("posto") does not override it.
    assert_eq!(code(&card("POSTO DA SAUDE FARMA", Some(5912))), "saude.farmacia.medicamentos");
    // A weak MCC (5999, miscellaneous) gives way to any keyword.
    assert_eq!(code(&card("NETFLIX.COM", Some(5999))), "servicos_assinaturas.streaming.video");
    assert_eq!(code(&card("LOJA 123", Some(5999))), "compras.diversas.compras_diversas");
    // A credit carrying the purchase's MCC is money back, not a purchase.
    let back = card_of("LOJA 123", &super::CARD_PURCHASE, Credit, None, None, Some(5411));
    assert_eq!(code(&back), "servicos_financeiros.estornos.estorno");
}

#[test]
fn keywords_match_whole_words_and_prefixes() {
    assert_eq!(code(&account("PIX ENVIADO BET365", &PIX, Debit)), "apostas.apostas_online.depositos");
    assert_eq!(code(&account("PIX ENVIADO BETANIA SILVA", &PIX, Debit)), "transferencias.enviadas.pix");
    assert_eq!(code(&card("SUPERMERCA NOVA ESPERANCA", None)), "alimentacao.supermercados.supermercado");
    assert_eq!(code(&card("SUPERMERCADO UBERLANDIA", None)), "alimentacao.supermercados.supermercado");
}

#[test]
fn the_first_rule_in_the_file_wins() {
    // "posto de saude" is listed before "posto".
    assert_eq!(code(&card("POSTO DE SAUDE VILA NOVA", None)), "saude.atendimento.consultas");
    assert_eq!(code(&card("POSTO DA AVENIDA", None)), "transporte.veiculo.combustivel");
    // "cheque especial" is listed before the late-charge words.
    assert_eq!(
        code(&account("JUROS CHEQUE ESPECIAL", &OUTROS, Debit)),
        "servicos_financeiros.juros_encargos.cheque_especial"
    );
}

#[test]
fn keyword_rules_depend_on_direction_audience_source_and_counterparty() {
    assert_eq!(code(&account("PIX IFOOD", &PIX, Debit)), "alimentacao.delivery.delivery_comida");
    assert_eq!(code(&account("PIX IFOOD", &PIX, Credit)), "renda.renda_autonoma.entregas_app");
    assert_eq!(code(&account("PIX IFOOD", &PIX, Credit).business()), "receitas.recebimentos.marketplaces");
    // Salary words on a debit are payroll for a company, and nothing special for a person.
    assert_eq!(code(&account("PAGTO SALARIO", &OUTROS, Debit).business()), "despesas_empresa.folha.salarios");
    assert_eq!(code(&account("PIX SALARIO", &PIX, Debit)), "transferencias.enviadas.pix");
    // Bare "juros" is revolving interest on a card bill only.
    let on_card = card_of("JUROS", &CARD_OTHER, Debit, None, None, None);
    assert_eq!(code(&on_card), "servicos_financeiros.cartao_credito.juros_rotativo");
    assert_eq!(code(&account("JUROS", &OUTROS, Debit)), "outros.outros.nao_categorizado");
    // Shop names do not describe people: a PIX to Ana Mercado is a transfer.
    let to_person = account("PIX ENVIADO ANA PAULA MERCADO", &PIX, Debit).person(PersonType::PessoaNatural);
    assert_eq!(code(&to_person), "transferencias.enviadas.pix");
    let to_cpf = account("PIX ENVIADO ANA PAULA MERCADO", &PIX, Debit).with_party(SOME_CPF);
    assert_eq!(code(&to_cpf), "transferencias.enviadas.pix");
    let to_shop = account("PIX ENVIADO MERCADO DA ANA", &PIX, Debit).person(PersonType::PessoaJuridica);
    assert_eq!(code(&to_shop), "alimentacao.supermercados.supermercado");
}

#[test]
fn the_fallback_uses_the_channel_the_direction_and_the_counterparty() {
    assert_eq!(code(&account("JOAO S", &PIX, Debit)), "transferencias.enviadas.pix");
    assert_eq!(code(&account("JOAO S", &PIX, Credit)), "transferencias.recebidas.pix");
    assert_eq!(code(&account("JOAO S", &TED, Credit)), "transferencias.recebidas.ted_doc");
    assert_eq!(
        code(&account("JOAO S", &MESMA_INSTITUICAO, Debit)),
        "transferencias.enviadas.transferencia_interna"
    );
    assert_eq!(code(&account("PAGAMENTO", &BOLETO, Debit)), "outros.pagamentos.boletos");
    assert_eq!(code(&account("PAGAMENTO", &CONVENIO, Debit)), "outros.pagamentos.convenios");
    // OUTROS (or an unknown type): the channel comes from the words.
    assert_eq!(code(&account("PIX ENVIADO JOAO", &OUTROS, Debit)), "transferencias.enviadas.pix");
    assert_eq!(code(&account("TED RECEBIDA 341", &UNKNOWN, Credit)), "transferencias.recebidas.ted_doc");
    // A person's PIX from an unknown company counts as money from a company.
    let from_company = account("PIX RECEBIDO XYZ", &PIX, Credit).with_party(SOME_CNPJ);
    assert_eq!(code(&from_company), "renda.outras_rendas.recebimentos_empresas");
    // Nothing to go on.
    assert_eq!(code(&account("LANCAMENTO", &OUTROS, Debit)), "outros.outros.nao_categorizado");
    assert_eq!(code(&card("XPTO 123", None)), "compras.diversas.compras_diversas");
    assert_eq!(
        code(&card_of("AJUSTE", &CARD_OTHER, Credit, None, None, None)),
        "servicos_financeiros.estornos.estorno"
    );
}

#[test]
fn a_company_gets_revenue_in_and_suppliers_out_by_default() {
    let cases = [
        (
            account("PIX RECEBIDO JOAO S", &PIX, Credit).person(PersonType::PessoaNatural),
            "receitas.recebimentos.clientes_pf",
        ),
        (
            account("TED RECEBIDA XYZ", &TED, Credit).with_party(SOME_CNPJ),
            "receitas.recebimentos.clientes_pj",
        ),
        (account("PIX RECEBIDO", &PIX, Credit), "receitas.recebimentos.nao_identificados"),
        (account("LIQUIDACAO", &BOLETO, Credit), "receitas.recebimentos.boletos"),
        (
            account("PIX ENVIADO XYZ", &PIX, Debit).with_party(SOME_CNPJ),
            "despesas_empresa.fornecedores.pagamento_fornecedores",
        ),
        (account("PAGTO TITULO", &BOLETO, Debit), "despesas_empresa.fornecedores.pagamento_fornecedores"),
        (
            account("PIX ENVIADO JOAO S", &PIX, Debit).person(PersonType::PessoaNatural),
            "transferencias.enviadas.pix",
        ),
    ];
    for (facts, expected) in cases {
        assert_eq!(code(&facts.business()), expected, "{}", facts.name);
    }
    let supplier = account("PAGTO TITULO", &BOLETO, Debit).business();
    assert_eq!(Categoriser::standard().categorise(&supplier).role(), Some(Role::Supplier));
}

#[test]
fn brands_come_from_the_merchant_list_then_the_keywords() {
    let c = Categoriser::standard();
    assert_eq!(c.categorise(&card("NETFLIX.COM", Some(4899))).brand, Some("Netflix"));
    assert_eq!(c.categorise(&card("UBER *TRIP", None)).brand, Some("Uber"));
    assert_eq!(c.categorise(&card("PADARIA REAL", None)).brand, None);
    let estorno = card_of("ESTORNO UBER *TRIP", &ESTORNO, Credit, None, None, None);
    assert_eq!(c.categorise(&estorno).brand, Some("Uber"));
}

#[test]
fn categorising_is_deterministic() {
    let names = ["PIX ENVIADO JOAO", "UBER *TRIP", "PAGTO DAS MEI", "SUPERMERCADO X", "BET365", "?"];
    let first: Vec<String> = names.iter().map(|n| code(&account(n, &PIX, Debit))).collect();
    for _ in 0..3 {
        let again: Vec<String> = names.iter().map(|n| code(&account(n, &PIX, Debit))).collect();
        assert_eq!(first, again);
    }
}

#[test]
fn hostile_names_do_not_panic() {
    for name in ["", " ", "\u{0}\u{FFFF}", &"Ä".repeat(10_000), &"pix ".repeat(5_000), "💸💸 PIX 💸"] {
        let c = Categoriser::standard();
        c.categorise(&account(name, &PIX, Debit));
        c.categorise(&card(name, Some(u32::MAX)));
        c.categorise(&account(name, &PIX, Credit).with_party("🙂🙂🙂"));
    }
}
