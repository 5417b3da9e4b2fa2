//! The fixture taxonomy and a keyword categoriser, so the tests do not depend on the real
//! categoriser: each statement name maps to a leaf with the role the test needs.

use std::sync::LazyLock;

use ponte_domain::Audience;
use ponte_domain::finance::Direction;
use ponte_reports::categorise::{Categorisation, Leaf, Role, Source, TxnFacts};

/// (code, names, role) of the fixture taxonomy.
const SPECS: &[(&str, [&str; 3], Option<Role>)] = &[
    ("renda.ativa.salario", ["Renda", "Renda ativa", "Salário"], Some(Role::Salary)),
    ("renda.beneficios.inss", ["Renda", "Benefícios", "INSS"], Some(Role::Benefit)),
    ("renda.autonomo.apps", ["Renda", "Renda autônoma", "Aplicativos"], Some(Role::SelfEmployment)),
    ("renda.passiva.rendimentos", ["Renda", "Renda passiva", "Rendimentos"], Some(Role::PassiveIncome)),
    ("renda.outras.outras", ["Renda", "Outras rendas", "Outras"], Some(Role::OtherIncome)),
    (
        "transferencias.proprias.mesma_titularidade",
        ["Transferências", "Entre contas próprias", "Mesma titularidade"],
        Some(Role::OwnTransfer),
    ),
    ("transferencias.recebidas.pix", ["Transferências", "Recebidas", "PIX"], None),
    ("transferencias.enviadas.pix", ["Transferências", "Enviadas", "PIX"], None),
    (
        "servicos_financeiros.estornos.estorno",
        ["Serviços financeiros", "Estornos", "Estorno"],
        Some(Role::Refund),
    ),
    (
        "servicos_financeiros.credito.liberacao",
        ["Serviços financeiros", "Crédito", "Liberação de empréstimo"],
        Some(Role::LoanDisbursement),
    ),
    (
        "servicos_financeiros.credito.parcela",
        ["Serviços financeiros", "Crédito", "Parcela de empréstimo"],
        Some(Role::LoanPayment),
    ),
    (
        "servicos_financeiros.tarifas.tarifa",
        ["Serviços financeiros", "Tarifas", "Tarifa"],
        Some(Role::BankFee),
    ),
    (
        "servicos_financeiros.encargos.cheque_especial",
        ["Serviços financeiros", "Encargos", "Juros de cheque especial"],
        Some(Role::OverdraftInterest),
    ),
    (
        "servicos_financeiros.encargos.atraso",
        ["Serviços financeiros", "Encargos", "Multa e juros de atraso"],
        Some(Role::LateCharge),
    ),
    (
        "servicos_financeiros.cartao.fatura",
        ["Serviços financeiros", "Cartão de crédito", "Pagamento de fatura"],
        Some(Role::CardBillPayment),
    ),
    (
        "servicos_financeiros.cartao.rotativo",
        ["Serviços financeiros", "Cartão de crédito", "Saldo rotativo"],
        None,
    ),
    (
        "servicos_financeiros.cartao.cashback",
        ["Serviços financeiros", "Cartão de crédito", "Cashback"],
        Some(Role::Cashback),
    ),
    (
        "investimentos.resgate.resgate",
        ["Investimentos", "Resgate", "Resgate"],
        Some(Role::InvestmentRedemption),
    ),
    (
        "investimentos.aplicacao.aplicacao",
        ["Investimentos", "Aplicação", "Aplicação"],
        Some(Role::InvestmentApplication),
    ),
    ("apostas.apostas.bets", ["Apostas", "Apostas", "Bets"], Some(Role::Betting)),
    ("impostos.federais.darf", ["Impostos e taxas", "Federais", "DARF"], Some(Role::Tax)),
    ("empresa.folha.salarios", ["Pessoal", "Folha", "Salários"], Some(Role::Payroll)),
    (
        "empresa.receitas.adquirencia",
        ["Receitas", "Vendas com cartão", "Adquirência"],
        Some(Role::CardAcquirer),
    ),
    ("empresa.receitas.clientes", ["Receitas", "Clientes", "Recebimentos"], Some(Role::Revenue)),
    ("empresa.fornecedores.pagamentos", ["Fornecedores", "Mercadorias", "Pagamentos"], Some(Role::Supplier)),
    ("alimentacao.supermercado.mercado", ["Alimentação", "Supermercado", "Mercado"], None),
    ("alimentacao.restaurantes.restaurante", ["Alimentação", "Restaurantes", "Restaurante"], None),
    ("moradia.aluguel.aluguel", ["Moradia", "Aluguel", "Aluguel"], None),
    ("transporte.combustivel.posto", ["Transporte", "Combustível", "Posto"], None),
    ("outros.outros.nao_categorizado", ["Outros", "Outros", "Não categorizado"], None),
];

static LEAVES: LazyLock<Vec<Leaf>> = LazyLock::new(|| {
    SPECS
        .iter()
        .map(|(code, names, role)| Leaf { code: (*code).into(), names: names.map(String::from), role: *role })
        .collect()
});

fn leaf(code: &str) -> &'static Leaf {
    LEAVES.iter().find(|l| l.code == code).unwrap_or_else(|| panic!("fixture taxonomy lacks {code}"))
}

/// Keyword rules, first match wins: (keyword in the name, direction it applies to, leaf).
const RULES: &[(&str, Option<Direction>, &str)] = &[
    ("SALARIO", Some(Direction::Credit), "renda.ativa.salario"),
    ("SALARIO", Some(Direction::Debit), "empresa.folha.salarios"),
    ("INSS", Some(Direction::Credit), "renda.beneficios.inss"),
    ("IFOOD", Some(Direction::Credit), "renda.autonomo.apps"),
    ("UBER", Some(Direction::Credit), "renda.autonomo.apps"),
    ("LOGGI", Some(Direction::Credit), "renda.autonomo.apps"),
    ("RENDIMENTO", Some(Direction::Credit), "renda.passiva.rendimentos"),
    ("ALUGUEL RECEBIDO", Some(Direction::Credit), "renda.outras.outras"),
    ("ESTORNO", None, "servicos_financeiros.estornos.estorno"),
    ("LIBERACAO EMPRESTIMO", Some(Direction::Credit), "servicos_financeiros.credito.liberacao"),
    ("PARCELA EMPRESTIMO", Some(Direction::Debit), "servicos_financeiros.credito.parcela"),
    ("RESGATE", Some(Direction::Credit), "investimentos.resgate.resgate"),
    ("APLICACAO", Some(Direction::Debit), "investimentos.aplicacao.aplicacao"),
    ("BET", None, "apostas.apostas.bets"),
    ("TARIFA", None, "servicos_financeiros.tarifas.tarifa"),
    ("ANUIDADE", None, "servicos_financeiros.tarifas.tarifa"),
    ("JUROS CHEQUE ESPECIAL", None, "servicos_financeiros.encargos.cheque_especial"),
    ("MULTA", None, "servicos_financeiros.encargos.atraso"),
    ("JUROS MORA", None, "servicos_financeiros.encargos.atraso"),
    ("JUROS ROTATIVO", None, "servicos_financeiros.encargos.atraso"),
    ("SALDO ROTATIVO", None, "servicos_financeiros.cartao.rotativo"),
    ("PAGTO FATURA", Some(Direction::Debit), "servicos_financeiros.cartao.fatura"),
    ("CASHBACK", Some(Direction::Credit), "servicos_financeiros.cartao.cashback"),
    ("DARF", None, "impostos.federais.darf"),
    ("PAGTO DAS", None, "impostos.federais.darf"),
    ("CIELO", Some(Direction::Credit), "empresa.receitas.adquirencia"),
    ("REDE", Some(Direction::Credit), "empresa.receitas.adquirencia"),
    ("CLIENTE", Some(Direction::Credit), "empresa.receitas.clientes"),
    ("FORNECEDOR", Some(Direction::Debit), "empresa.fornecedores.pagamentos"),
    ("MERCADO", None, "alimentacao.supermercado.mercado"),
    ("RESTAURANTE", None, "alimentacao.restaurantes.restaurante"),
    ("ALUGUEL", Some(Direction::Debit), "moradia.aluguel.aluguel"),
    ("POSTO", None, "transporte.combustivel.posto"),
];

/// The fixture categoriser: own accounts first, then the keyword rules; a company's PIX
/// received is revenue; anything else is a plain transfer or uncategorised.
pub fn categorise<'a>(f: &TxnFacts<'_>) -> Categorisation<'a> {
    let code = if f.own_account {
        "transferencias.proprias.mesma_titularidade"
    } else if let Some((_, _, code)) =
        RULES.iter().find(|(word, dir, _)| f.name.contains(word) && dir.is_none_or(|d| d == f.direction))
    {
        code
    } else {
        match (f.audience, f.direction, f.source) {
            (Audience::Business, Direction::Credit, Source::Account { .. }) => "empresa.receitas.clientes",
            (_, Direction::Credit, Source::Account { .. }) => "transferencias.recebidas.pix",
            (_, Direction::Debit, Source::Account { .. }) => "transferencias.enviadas.pix",
            _ => "outros.outros.nao_categorizado",
        }
    };
    Categorisation { leaf: leaf(code), brand: None }
}
