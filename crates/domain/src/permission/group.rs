use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use super::Permission;
use super::Permission as P;
use crate::app_settings::Language;
use crate::product::Audience;
use crate::serde_str::string_serde;

/// The data categories of the OFB consent table ("CATEGORIA DE DADOS").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PermissionCategory {
    Registration,
    Accounts,
    CreditCards,
    CreditOperations,
    Investments,
    Exchanges,
}

impl PermissionCategory {
    /// The category name as the OFB consents table writes it; a heading on the consent page.
    pub const fn label_pt(self) -> &'static str {
        match self {
            PermissionCategory::Registration => "Cadastro",
            PermissionCategory::Accounts => "Contas",
            PermissionCategory::CreditCards => "Cartão de Crédito",
            PermissionCategory::CreditOperations => "Operações de Crédito",
            PermissionCategory::Investments => "Investimento",
            PermissionCategory::Exchanges => "Câmbio",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            PermissionCategory::Registration => "Registration data",
            PermissionCategory::Accounts => "Accounts",
            PermissionCategory::CreditCards => "Credit cards",
            PermissionCategory::CreditOperations => "Credit operations",
            PermissionCategory::Investments => "Investments",
            PermissionCategory::Exchanges => "Foreign exchange",
        }
    }

    pub const fn label(self, language: Language) -> &'static str {
        match language {
            Language::PtBr => self.label_pt(),
            Language::En => self.label_en(),
        }
    }
}

/// A permission group ("agrupamento"): the unit a person consents to. A consent request must
/// carry every permission of each group it asks for (consents API v3.3.1), and banks may drop
/// whole groups they don't support, so Ponte reasons in groups and expands them only at the
/// edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PermissionGroup {
    CustomersPersonalIdentifications,
    CustomersPersonalAdditionalInfo,
    CustomersBusinessIdentifications,
    CustomersBusinessAdditionalInfo,
    AccountsBalances,
    AccountsOverdraftLimits,
    AccountsTransactions,
    CreditCardsLimits,
    CreditCardsTransactions,
    CreditCardsBills,
    CreditOperations,
    Investments,
    Exchanges,
}

/// A string that is not a permission-group code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown permission group \"{group}\"; groups are upper-case codes such as \"ACCOUNTS_BALANCES\"")]
pub struct PermissionGroupError {
    /// The rejected code, cut to 64 characters.
    pub group: String,
}

use PermissionGroup as G;

const CREDIT_OPERATIONS: [Permission; 17] = [
    P::LoansRead,
    P::LoansWarrantiesRead,
    P::LoansScheduledInstalmentsRead,
    P::LoansPaymentsRead,
    P::FinancingsRead,
    P::FinancingsWarrantiesRead,
    P::FinancingsScheduledInstalmentsRead,
    P::FinancingsPaymentsRead,
    P::UnarrangedAccountsOverdraftRead,
    P::UnarrangedAccountsOverdraftWarrantiesRead,
    P::UnarrangedAccountsOverdraftScheduledInstalmentsRead,
    P::UnarrangedAccountsOverdraftPaymentsRead,
    P::InvoiceFinancingsRead,
    P::InvoiceFinancingsWarrantiesRead,
    P::InvoiceFinancingsScheduledInstalmentsRead,
    P::InvoiceFinancingsPaymentsRead,
    P::ResourcesRead,
];

const INVESTMENTS: [Permission; 6] = [
    P::BankFixedIncomesRead,
    P::CreditFixedIncomesRead,
    P::FundsRead,
    P::VariableIncomesRead,
    P::TreasureTitlesRead,
    P::ResourcesRead,
];

impl PermissionGroup {
    pub const ALL: [PermissionGroup; 13] = [
        G::CustomersPersonalIdentifications,
        G::CustomersPersonalAdditionalInfo,
        G::CustomersBusinessIdentifications,
        G::CustomersBusinessAdditionalInfo,
        G::AccountsBalances,
        G::AccountsOverdraftLimits,
        G::AccountsTransactions,
        G::CreditCardsLimits,
        G::CreditCardsTransactions,
        G::CreditCardsBills,
        G::CreditOperations,
        G::Investments,
        G::Exchanges,
    ];

    /// Ponte's code for the group (OFB defines no code for groups, only a table).
    pub const fn as_str(self) -> &'static str {
        match self {
            G::CustomersPersonalIdentifications => "CUSTOMERS_PERSONAL_IDENTIFICATIONS",
            G::CustomersPersonalAdditionalInfo => "CUSTOMERS_PERSONAL_ADDITIONAL_INFO",
            G::CustomersBusinessIdentifications => "CUSTOMERS_BUSINESS_IDENTIFICATIONS",
            G::CustomersBusinessAdditionalInfo => "CUSTOMERS_BUSINESS_ADDITIONAL_INFO",
            G::AccountsBalances => "ACCOUNTS_BALANCES",
            G::AccountsOverdraftLimits => "ACCOUNTS_OVERDRAFT_LIMITS",
            G::AccountsTransactions => "ACCOUNTS_TRANSACTIONS",
            G::CreditCardsLimits => "CREDIT_CARDS_LIMITS",
            G::CreditCardsTransactions => "CREDIT_CARDS_TRANSACTIONS",
            G::CreditCardsBills => "CREDIT_CARDS_BILLS",
            G::CreditOperations => "CREDIT_OPERATIONS",
            G::Investments => "INVESTMENTS",
            G::Exchanges => "EXCHANGES",
        }
    }

    /// Every permission the group consists of, `RESOURCES_READ` included, as the consents
    /// table lists them.
    pub const fn permissions(self) -> &'static [Permission] {
        match self {
            G::CustomersPersonalIdentifications => {
                &[P::CustomersPersonalIdentificationsRead, P::ResourcesRead]
            }
            G::CustomersPersonalAdditionalInfo => &[P::CustomersPersonalAdditionalInfoRead, P::ResourcesRead],
            G::CustomersBusinessIdentifications => {
                &[P::CustomersBusinessIdentificationsRead, P::ResourcesRead]
            }
            G::CustomersBusinessAdditionalInfo => &[P::CustomersBusinessAdditionalInfoRead, P::ResourcesRead],
            G::AccountsBalances => &[P::AccountsRead, P::AccountsBalancesRead, P::ResourcesRead],
            G::AccountsOverdraftLimits => {
                &[P::AccountsRead, P::AccountsOverdraftLimitsRead, P::ResourcesRead]
            }
            G::AccountsTransactions => &[P::AccountsRead, P::AccountsTransactionsRead, P::ResourcesRead],
            G::CreditCardsLimits => {
                &[P::CreditCardsAccountsRead, P::CreditCardsAccountsLimitsRead, P::ResourcesRead]
            }
            G::CreditCardsTransactions => {
                &[P::CreditCardsAccountsRead, P::CreditCardsAccountsTransactionsRead, P::ResourcesRead]
            }
            G::CreditCardsBills => &[
                P::CreditCardsAccountsRead,
                P::CreditCardsAccountsBillsRead,
                P::CreditCardsAccountsBillsTransactionsRead,
                P::ResourcesRead,
            ],
            G::CreditOperations => &CREDIT_OPERATIONS,
            G::Investments => &INVESTMENTS,
            G::Exchanges => &[P::ExchangesRead, P::ResourcesRead],
        }
    }

    pub const fn category(self) -> PermissionCategory {
        match self {
            G::CustomersPersonalIdentifications
            | G::CustomersPersonalAdditionalInfo
            | G::CustomersBusinessIdentifications
            | G::CustomersBusinessAdditionalInfo => PermissionCategory::Registration,
            G::AccountsBalances | G::AccountsOverdraftLimits | G::AccountsTransactions => {
                PermissionCategory::Accounts
            }
            G::CreditCardsLimits | G::CreditCardsTransactions | G::CreditCardsBills => {
                PermissionCategory::CreditCards
            }
            G::CreditOperations => PermissionCategory::CreditOperations,
            G::Investments => PermissionCategory::Investments,
            G::Exchanges => PermissionCategory::Exchanges,
        }
    }

    /// The customer groups are either for a person or for a company, and OFB refuses a
    /// consent that mixes them (`PERMISSAO_PF_PJ_EM_CONJUNTO`); other groups serve both.
    pub const fn audience(self) -> Option<Audience> {
        match self {
            G::CustomersPersonalIdentifications | G::CustomersPersonalAdditionalInfo => {
                Some(Audience::Personal)
            }
            G::CustomersBusinessIdentifications | G::CustomersBusinessAdditionalInfo => {
                Some(Audience::Business)
            }
            _ => None,
        }
    }

    /// The group name exactly as the OFB consents table ("AGRUPAMENTO") writes it. Several
    /// groups share a name ("Limites", "Dados da Operação"), so show it under
    /// [`PermissionCategory::label_pt`].
    pub const fn label_pt(self) -> &'static str {
        match self {
            G::CustomersPersonalIdentifications => "Dados Cadastrais PF",
            G::CustomersPersonalAdditionalInfo => "Informações complementares PF",
            G::CustomersBusinessIdentifications => "Dados Cadastrais PJ",
            G::CustomersBusinessAdditionalInfo => "Informações complementares PJ",
            G::AccountsBalances => "Saldos",
            G::AccountsOverdraftLimits | G::CreditCardsLimits => "Limites",
            G::AccountsTransactions => "Extratos",
            G::CreditCardsTransactions => "Transações",
            G::CreditCardsBills => "Faturas",
            G::CreditOperations => "Dados do Contrato",
            G::Investments | G::Exchanges => "Dados da Operação",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            G::CustomersPersonalIdentifications => "Personal registration data",
            G::CustomersPersonalAdditionalInfo => "Personal additional information",
            G::CustomersBusinessIdentifications => "Business registration data",
            G::CustomersBusinessAdditionalInfo => "Business additional information",
            G::AccountsBalances => "Balances",
            G::AccountsOverdraftLimits | G::CreditCardsLimits => "Limits",
            G::AccountsTransactions => "Statements",
            G::CreditCardsTransactions => "Transactions",
            G::CreditCardsBills => "Bills",
            G::CreditOperations => "Contract data",
            G::Investments | G::Exchanges => "Operation data",
        }
    }

    pub const fn label(self, language: Language) -> &'static str {
        match language {
            Language::PtBr => self.label_pt(),
            Language::En => self.label_en(),
        }
    }

    /// One plain sentence on what the group shares, for the Link data-confirmation screen.
    pub const fn description(self, language: Language) -> &'static str {
        match language {
            Language::PtBr => match self {
                G::CustomersPersonalIdentifications => {
                    "Nome, CPF, data de nascimento, documentos, endereços, telefones e e-mails."
                }
                G::CustomersPersonalAdditionalInfo => {
                    "Profissão, renda e patrimônio informados e os produtos que você tem na instituição."
                }
                G::CustomersBusinessIdentifications => {
                    "Razão social, nome fantasia, CNPJ, data de constituição, sócios, endereços, telefones e e-mails."
                }
                G::CustomersBusinessAdditionalInfo => {
                    "Atividade econômica, faturamento e patrimônio informados e os produtos que a empresa tem na instituição."
                }
                G::AccountsBalances => {
                    "Suas contas e os saldos disponível, bloqueado e aplicado automaticamente."
                }
                G::AccountsOverdraftLimits => {
                    "Suas contas e os limites de cheque especial contratado e utilizado."
                }
                G::AccountsTransactions => "Suas contas e as entradas e saídas registradas nelas.",
                G::CreditCardsLimits => "Seus cartões de crédito e os limites total, utilizado e disponível.",
                G::CreditCardsTransactions => "Seus cartões de crédito e as compras e outros lançamentos.",
                G::CreditCardsBills => {
                    "Seus cartões de crédito, as faturas com valores, vencimentos e pagamentos, e os lançamentos de cada fatura."
                }
                G::CreditOperations => {
                    "Empréstimos, financiamentos, cheque especial e antecipações: contratos, parcelas, pagamentos e garantias."
                }
                G::Investments => {
                    "Renda fixa (como CDB, LCI e LCA), debêntures, fundos, renda variável e títulos do Tesouro: posições e movimentações."
                }
                G::Exchanges => "Operações de câmbio: contratos, valores e eventos.",
            },
            Language::En => match self {
                G::CustomersPersonalIdentifications => {
                    "Name, CPF, date of birth, documents, addresses, phone numbers and e-mails."
                }
                G::CustomersPersonalAdditionalInfo => {
                    "Declared occupation, income and assets, and the products you hold at the institution."
                }
                G::CustomersBusinessIdentifications => {
                    "Legal and trade names, CNPJ, incorporation date, partners, addresses, phone numbers and e-mails."
                }
                G::CustomersBusinessAdditionalInfo => {
                    "Economic activity, declared revenue and assets, and the products the company holds at the institution."
                }
                G::AccountsBalances => {
                    "Your accounts and their available, blocked and automatically invested balances."
                }
                G::AccountsOverdraftLimits => "Your accounts and their contracted and used overdraft limits.",
                G::AccountsTransactions => "Your accounts and the money in and out recorded on them.",
                G::CreditCardsLimits => "Your credit cards and their total, used and available limits.",
                G::CreditCardsTransactions => "Your credit cards and their purchases and other entries.",
                G::CreditCardsBills => {
                    "Your credit cards, their bills with amounts, due dates and payments, and each bill's entries."
                }
                G::CreditOperations => {
                    "Loans, financings, overdrafts and receivables advances: contracts, instalments, payments and guarantees."
                }
                G::Investments => {
                    "Fixed income (such as CDB, LCI and LCA), debentures, funds, equities and treasury bonds: positions and movements."
                }
                G::Exchanges => "Foreign exchange operations: contracts, amounts and events.",
            },
        }
    }

    /// Whether `granted` contains every permission of the group. Banks return only the
    /// subset they support, so this tells which groups a consent actually covers.
    pub fn is_covered_by(self, granted: &[Permission]) -> bool {
        self.permissions().iter().all(|p| granted.contains(p))
    }

    /// The groups fully covered by `granted`, in [`PermissionGroup::ALL`] order.
    pub fn covered_by(granted: &[Permission]) -> Vec<PermissionGroup> {
        G::ALL.into_iter().filter(|g| g.is_covered_by(granted)).collect()
    }

    /// The permissions to request for `groups`: the union without duplicates, in the order
    /// of the consents API enum (OFB rejects duplicated permissions).
    pub fn permissions_for(groups: impl IntoIterator<Item = PermissionGroup>) -> Vec<Permission> {
        let set: BTreeSet<Permission> =
            groups.into_iter().flat_map(|g| g.permissions().iter().copied()).collect();
        set.into_iter().collect()
    }
}

impl FromStr for PermissionGroup {
    type Err = PermissionGroupError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        G::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| PermissionGroupError { group: s.chars().take(64).collect() })
    }
}

impl fmt::Display for PermissionGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(PermissionGroup, "a permission group code such as \"ACCOUNTS_BALANCES\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_includes_resources_read() {
        for g in G::ALL {
            assert!(g.permissions().contains(&P::ResourcesRead), "{g}");
        }
    }

    #[test]
    fn groups_cover_every_permission() {
        let all = PermissionGroup::permissions_for(G::ALL);
        assert_eq!(all, Permission::ALL);
    }

    #[test]
    fn group_contents_match_the_consents_table() {
        let names =
            |g: PermissionGroup| -> Vec<&str> { g.permissions().iter().map(|p| p.as_str()).collect() };
        assert_eq!(
            names(G::CustomersPersonalAdditionalInfo),
            ["CUSTOMERS_PERSONAL_ADITTIONALINFO_READ", "RESOURCES_READ"]
        );
        assert_eq!(
            names(G::CreditCardsBills),
            [
                "CREDIT_CARDS_ACCOUNTS_READ",
                "CREDIT_CARDS_ACCOUNTS_BILLS_READ",
                "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ",
                "RESOURCES_READ"
            ]
        );
        assert_eq!(G::CreditOperations.permissions().len(), 17);
        assert!(G::CreditOperations.permissions().iter().all(|p| {
            let n = p.as_str();
            n == "RESOURCES_READ"
                || ["LOANS_", "FINANCINGS_", "UNARRANGED_", "INVOICE_FINANCINGS_"]
                    .iter()
                    .any(|prefix| n.starts_with(prefix))
        }));
        assert_eq!(names(G::Exchanges), ["EXCHANGES_READ", "RESOURCES_READ"]);
    }

    #[test]
    fn labels() {
        assert_eq!(G::AccountsTransactions.label_pt(), "Extratos");
        assert_eq!(G::CreditCardsLimits.category().label_pt(), "Cartão de Crédito");
        assert_eq!(G::CustomersPersonalIdentifications.label(Language::PtBr), "Dados Cadastrais PF");
        assert_eq!(G::CreditOperations.label(Language::En), "Contract data");
        for g in G::ALL {
            for lang in Language::ALL {
                assert!(!g.description(lang).is_empty());
                assert!(!g.category().label(lang).is_empty());
            }
        }
    }

    #[test]
    fn coverage_of_granted_permissions() {
        // A bank that supports only accounts drops the other groups.
        let granted =
            [P::AccountsRead, P::AccountsBalancesRead, P::AccountsTransactionsRead, P::ResourcesRead];
        assert_eq!(PermissionGroup::covered_by(&granted), [G::AccountsBalances, G::AccountsTransactions]);
        assert!(!G::AccountsOverdraftLimits.is_covered_by(&granted));
    }

    #[test]
    fn permissions_for_deduplicates() {
        let perms = PermissionGroup::permissions_for([G::AccountsBalances, G::AccountsTransactions]);
        assert_eq!(
            perms,
            [P::AccountsRead, P::AccountsBalancesRead, P::AccountsTransactionsRead, P::ResourcesRead]
        );
    }

    #[test]
    fn audience_of_customer_groups() {
        assert_eq!(G::CustomersBusinessAdditionalInfo.audience(), Some(Audience::Business));
        assert_eq!(G::CustomersPersonalIdentifications.audience(), Some(Audience::Personal));
        assert_eq!(G::Investments.audience(), None);
    }

    #[test]
    fn codes_round_trip() {
        for g in G::ALL {
            assert_eq!(g.as_str().parse::<PermissionGroup>(), Ok(g));
            let json = serde_json::to_string(&g).unwrap();
            assert_eq!(serde_json::from_str::<PermissionGroup>(&json).unwrap(), g);
        }
        assert!("ACCOUNTS_ALL".parse::<PermissionGroup>().is_err());
    }
}
