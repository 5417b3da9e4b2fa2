//! Rules on the OFB transaction type (and the card's `feeType` and `otherCreditsType`), and the
//! last-resort fallback by direction, channel and counterparty.
//!
//! Some OFB types say what a transaction is (`FOLHA_PAGAMENTO`, `PACOTE_TARIFA_SERVICOS`,
//! `RENDIMENTO_APLIC_FINANCEIRA`); others only say how it was paid (`PIX`, `BOLETO`) and are
//! left to the keywords, then to the fallback.

use ponte_domain::Audience;
use ponte_domain::finance::{CardTransactionType, Direction, PersonType, TransactionType};

use super::keywords::Channel;
use super::taxonomy::{LeafId, Taxonomy};
use super::{Source, TxnFacts};

/// The leaves the type rules and the fallback name, resolved once.
#[derive(Clone, Debug)]
pub(super) struct KnownLeaves {
    salary: LeafId,
    payroll: LeafId,
    own_sent: LeafId,
    own_received: LeafId,
    service_package: LeafId,
    single_fees: LeafId,
    annual_fee: LeafId,
    overdraft_interest: LeafId,
    investment_income: LeafId,
    redemption: LeafId,
    other_application: LeafId,
    loan_disbursement: LeafId,
    loan_payment: LeafId,
    cash_withdrawal: LeafId,
    card_bill_payment: LeafId,
    revolving_balance: LeafId,
    bill_instalments: LeafId,
    refund: LeafId,
    cashback: LeafId,
    purchases: LeafId,
    pix_received: LeafId,
    ted_received: LeafId,
    transfer_received: LeafId,
    deposit: LeafId,
    pix_sent: LeafId,
    ted_sent: LeafId,
    transfer_sent: LeafId,
    from_companies: LeafId,
    revenue_companies: LeafId,
    revenue_people: LeafId,
    revenue_boletos: LeafId,
    revenue_unidentified: LeafId,
    suppliers: LeafId,
    boletos: LeafId,
    utility_bills: LeafId,
    uncategorised: LeafId,
}

impl KnownLeaves {
    pub(super) fn resolve(taxonomy: &Taxonomy) -> Result<KnownLeaves, String> {
        let id = |code: &str| taxonomy.id(code).ok_or_else(|| format!("unknown leaf code {code:?}"));
        Ok(KnownLeaves {
            salary: id("renda.renda_ativa.salario")?,
            payroll: id("despesas_empresa.folha.salarios")?,
            own_sent: id("transferencias.contas_proprias.enviada")?,
            own_received: id("transferencias.contas_proprias.recebida")?,
            service_package: id("servicos_financeiros.tarifas.pacote_servicos")?,
            single_fees: id("servicos_financeiros.tarifas.tarifas_avulsas")?,
            annual_fee: id("servicos_financeiros.tarifas.anuidade")?,
            overdraft_interest: id("servicos_financeiros.juros_encargos.cheque_especial")?,
            investment_income: id("renda.renda_passiva.rendimentos")?,
            redemption: id("investimentos.resgates.resgate_aplicacao")?,
            other_application: id("investimentos.aplicacoes.outras_aplicacoes")?,
            loan_disbursement: id("servicos_financeiros.emprestimos.liberacao_credito")?,
            loan_payment: id("servicos_financeiros.emprestimos.parcela_emprestimo")?,
            cash_withdrawal: id("servicos_financeiros.saques.saque")?,
            card_bill_payment: id("servicos_financeiros.cartao_credito.pagamento_fatura")?,
            revolving_balance: id("servicos_financeiros.cartao_credito.saldo_rotativo")?,
            bill_instalments: id("servicos_financeiros.cartao_credito.parcelamento_fatura")?,
            refund: id("servicos_financeiros.estornos.estorno")?,
            cashback: id("servicos_financeiros.recompensas.cashback")?,
            purchases: id("compras.diversas.compras_diversas")?,
            pix_received: id("transferencias.recebidas.pix")?,
            ted_received: id("transferencias.recebidas.ted_doc")?,
            transfer_received: id("transferencias.recebidas.transferencia_interna")?,
            deposit: id("transferencias.recebidas.deposito")?,
            pix_sent: id("transferencias.enviadas.pix")?,
            ted_sent: id("transferencias.enviadas.ted_doc")?,
            transfer_sent: id("transferencias.enviadas.transferencia_interna")?,
            from_companies: id("renda.outras_rendas.recebimentos_empresas")?,
            revenue_companies: id("receitas.recebimentos.clientes_pj")?,
            revenue_people: id("receitas.recebimentos.clientes_pf")?,
            revenue_boletos: id("receitas.recebimentos.boletos")?,
            revenue_unidentified: id("receitas.recebimentos.nao_identificados")?,
            suppliers: id("despesas_empresa.fornecedores.pagamento_fornecedores")?,
            boletos: id("outros.pagamentos.boletos")?,
            utility_bills: id("outros.pagamentos.convenios")?,
            uncategorised: taxonomy.fallback_id(),
        })
    }

    /// A transfer between the customer's own accounts.
    pub(super) fn own_transfer(&self, direction: Direction) -> LeafId {
        match direction {
            Direction::Debit => self.own_sent,
            Direction::Credit => self.own_received,
        }
    }

    /// The leaf an OFB type (with the card's fee and credit-operation kinds) implies, when the
    /// type says what the transaction is.
    pub(super) fn by_type(&self, facts: &TxnFacts<'_>) -> Option<LeafId> {
        use Direction::{Credit, Debit};
        let direction = facts.direction;
        match facts.source {
            Source::Account { kind } => match (kind, direction) {
                (TransactionType::FolhaPagamento, Credit) => Some(self.salary),
                (TransactionType::FolhaPagamento, Debit) => Some(self.payroll),
                (TransactionType::PortabilidadeSalario, Credit) => Some(self.salary),
                // Salary portability forwards the pay to the customer's account elsewhere.
                (TransactionType::PortabilidadeSalario, Debit) => Some(self.own_sent),
                (TransactionType::TransferenciaSaldoReservado, d) => Some(self.own_transfer(d)),
                (TransactionType::PacoteTarifaServicos, Debit) => Some(self.service_package),
                (TransactionType::TarifaServicosAvulsos, Debit) => Some(self.single_fees),
                (TransactionType::EncargosJurosChequeEspecial, Debit) => Some(self.overdraft_interest),
                (TransactionType::RendimentoAplicFinanceira, Credit) => Some(self.investment_income),
                (TransactionType::ResgateAplicFinanceira, Credit) => Some(self.redemption),
                (TransactionType::ResgateAplicFinanceira, Debit) => Some(self.other_application),
                (TransactionType::OperacaoCredito, Credit) => Some(self.loan_disbursement),
                (TransactionType::OperacaoCredito, Debit) => Some(self.loan_payment),
                (TransactionType::Saque, Debit) => Some(self.cash_withdrawal),
                _ => None,
            },
            Source::Card { kind, fee_type, other_credits_type, .. } => match (kind, direction) {
                (CardTransactionType::Tarifa, Debit) => {
                    Some(if fee_type == Some("ANUIDADE") { self.annual_fee } else { self.single_fees })
                }
                (CardTransactionType::Tarifa, Credit) => Some(self.refund),
                (CardTransactionType::OperacoesCreditoContratadasCartao, _) => {
                    self.card_credit_operation(other_credits_type, direction)
                }
                (CardTransactionType::Estorno, _) => Some(self.refund),
                (CardTransactionType::Cashback, _) => Some(self.cashback),
                (CardTransactionType::PagamentoFatura, _) => Some(self.card_bill_payment),
                _ => None,
            },
        }
    }

    /// Credit operations on a card bill. The carried revolving balance is not new spending
    /// (role-less `Saldo rotativo`); its interest is refined by the keywords into `Juros do
    /// rotativo` (a late charge).
    fn card_credit_operation(
        &self,
        other_credits_type: Option<&str>,
        direction: Direction,
    ) -> Option<LeafId> {
        match (other_credits_type, direction) {
            (Some("CREDITO_ROTATIVO"), Direction::Debit) => Some(self.revolving_balance),
            (Some("PARCELAMENTO_FATURA"), Direction::Debit) => Some(self.bill_instalments),
            (Some("EMPRESTIMO"), Direction::Debit) => Some(self.loan_payment),
            (Some("EMPRESTIMO"), Direction::Credit) => Some(self.loan_disbursement),
            _ => None,
        }
    }

    /// The last resort: the payment channel (from the type, else from the name's words), the
    /// direction and who is on the other side.
    pub(super) fn fallback(&self, facts: &TxnFacts<'_>, channel_in_name: Option<Channel>) -> LeafId {
        let kind = match facts.source {
            Source::Card { .. } => {
                // An unexplained card credit gives money back; an unexplained debit is a purchase.
                return match facts.direction {
                    Direction::Credit => self.refund,
                    Direction::Debit => self.purchases,
                };
            }
            Source::Account { kind } => kind,
        };
        let channel = channel_of(kind).or(channel_in_name);
        let party = Party::of(facts);
        if facts.audience == Audience::Business
            && let Some(leaf) = self.business_default(facts.direction, channel, party)
        {
            return leaf;
        }
        match (facts.direction, channel) {
            (Direction::Credit, Some(_)) if party == Party::Company => self.from_companies,
            (Direction::Credit, Some(Channel::Pix)) => self.pix_received,
            (Direction::Credit, Some(Channel::Ted | Channel::Doc)) => self.ted_received,
            (Direction::Credit, Some(Channel::TransferenciaMesmaInstituicao)) => self.transfer_received,
            (Direction::Credit, Some(Channel::Deposito)) => self.deposit,
            (Direction::Debit, Some(Channel::Pix)) => self.pix_sent,
            (Direction::Debit, Some(Channel::Ted | Channel::Doc)) => self.ted_sent,
            (Direction::Debit, Some(Channel::TransferenciaMesmaInstituicao)) => self.transfer_sent,
            (Direction::Debit, Some(Channel::Boleto)) => self.boletos,
            (Direction::Debit, Some(Channel::ConvenioArrecadacao)) => self.utility_bills,
            (Direction::Debit, Some(Channel::Cartao)) => self.purchases,
            _ => self.uncategorised,
        }
    }

    /// A company's money in is revenue, and its payments to other companies are suppliers,
    /// unless a rule said otherwise.
    fn business_default(
        &self,
        direction: Direction,
        channel: Option<Channel>,
        party: Party,
    ) -> Option<LeafId> {
        let known = channel.is_some() || party != Party::Unknown;
        match direction {
            Direction::Credit if known => Some(match (party, channel) {
                (Party::Company, _) => self.revenue_companies,
                (Party::Person, _) => self.revenue_people,
                (Party::Unknown, Some(Channel::Boleto)) => self.revenue_boletos,
                (Party::Unknown, _) => self.revenue_unidentified,
            }),
            Direction::Debit => match (party, channel) {
                (Party::Company, _) => Some(self.suppliers),
                (Party::Unknown, Some(Channel::Boleto)) => Some(self.suppliers),
                _ => None,
            },
            Direction::Credit => None,
        }
    }
}

/// The channel an account transaction's OFB type names, if any.
fn channel_of(kind: &TransactionType) -> Option<Channel> {
    Some(match kind {
        TransactionType::Pix => Channel::Pix,
        TransactionType::Ted => Channel::Ted,
        TransactionType::Doc => Channel::Doc,
        TransactionType::TransferenciaMesmaInstituicao => Channel::TransferenciaMesmaInstituicao,
        TransactionType::Boleto => Channel::Boleto,
        TransactionType::ConvenioArrecadacao => Channel::ConvenioArrecadacao,
        TransactionType::Cartao => Channel::Cartao,
        TransactionType::Deposito => Channel::Deposito,
        _ => return None,
    })
}

/// Who is on the other side, from `partiePersonType` or else from the tax id's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Party {
    Person,
    Company,
    Unknown,
}

impl Party {
    pub(super) fn of(facts: &TxnFacts<'_>) -> Party {
        match facts.counterparty_person {
            Some(PersonType::PessoaNatural) => Party::Person,
            Some(PersonType::PessoaJuridica) => Party::Company,
            None => {
                let characters = facts
                    .counterparty_tax_id
                    .map_or(0, |id| id.bytes().filter(u8::is_ascii_alphanumeric).count());
                match characters {
                    11 => Party::Person,
                    14 => Party::Company,
                    _ => Party::Unknown,
                }
            }
        }
    }
}
