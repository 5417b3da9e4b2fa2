//! The enumerations of the credit-operation APIs (names as the specs spell them).

use serde::{Deserialize, Serialize};

/// Contract product type of every family: loans `EMPRESTIMOS`, financings `FINANCIAMENTOS*`,
/// invoice financings `DIREITOS_CREDITORIOS_DESCONTADOS`, unarranged overdraft
/// `ADIANTAMENTO_A_DEPOSITANTES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductType {
    Emprestimos,
    Financiamentos,
    FinanciamentosRurais,
    FinanciamentosImobiliarios,
    DireitosCreditoriosDescontados,
    AdiantamentoADepositantes,
}

/// Contract product subtype of every family; [`Family::allows`] says which belong to which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductSubType {
    HomeEquity,
    ChequeEspecial,
    ContaGarantida,
    CapitalGiroTetoRotativo,
    CreditoPessoalSemConsignacao,
    CreditoPessoalComConsignacao,
    MicrocreditoProdutivoOrientado,
    #[serde(rename = "CAPITAL_GIRO_PRAZO_VENCIMENTO_ATE_365_DIAS")]
    CapitalGiroPrazoVencimentoAte365Dias,
    #[serde(rename = "CAPITAL_GIRO_PRAZO_VENCIMENTO_SUPERIOR_365_DIAS")]
    CapitalGiroPrazoVencimentoSuperior365Dias,
    AquisicaoBensVeiculosAutomotores,
    AquisicaoBensOutrosBens,
    Microcredito,
    Custeio,
    Investimento,
    Industrializacao,
    Comercializacao,
    FinanciamentoHabitacionalSfh,
    FinanciamentoHabitacionalExcetoSfh,
    DescontoDuplicatas,
    DescontoCheques,
    AntecipacaoFaturaCartaoCredito,
    OutrosDireitosCreditoriosDescontados,
    OutrosTitulosDescontados,
    AdiantamentoADepositantes,
}

/// Loans only (`EnumContractProductSubTypeCategory`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductSubTypeCategory {
    CreditoPessoalClean,
    ConsignadoSiape,
    Outro,
}

/// Instalment periodicity (`EnumContractInstalmentPeriodicity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstalmentPeriodicity {
    SemPeriodicidadeRegular,
    Semanal,
    Quinzenal,
    Mensal,
    Bimestral,
    Trimestral,
    Semestral,
    Anual,
    Outros,
}

/// Amortisation system (`EnumContractAmortizationScheduled`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AmortizationScheduled {
    Sac,
    Price,
    Sam,
    SemSistemaAmortizacao,
    Outros,
}

/// Nominal or effective rate (`EnumContractTaxType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaxType {
    Nominal,
    Efetiva,
}

/// Simple or compound interest (`EnumContractInterestRateType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InterestRateType {
    Simples,
    Composto,
}

/// Monthly (`AM`) or yearly (`AA`) rate (`EnumContractTaxPeriodicity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaxPeriodicity {
    Am,
    Aa,
}

/// Day-count basis (`EnumContractCalculation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Calculation {
    #[serde(rename = "21/252")]
    BusinessDays21Of252,
    #[serde(rename = "30/360")]
    Days30Of360,
    #[serde(rename = "30/365")]
    Days30Of365,
}

/// Indexer type (`EnumContractReferentialRateIndexerType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReferentialRateIndexerType {
    SemTipoIndexador,
    PreFixado,
    PosFixado,
    Flutuantes,
    IndicesPrecos,
    CreditoRural,
    OutrosIndexadores,
}

/// Indexer subtype (`EnumContractReferentialRateIndexerSubType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReferentialRateIndexerSubType {
    SemSubTipoIndexador,
    PreFixado,
    TrTbf,
    Tjlp,
    Libor,
    Tlp,
    OutrasTaxasPosFixadas,
    Cdi,
    Selic,
    OutrasTaxasFlutuantes,
    Igpm,
    Ipca,
    Ipcc,
    OutrosIndicesPreco,
    TcrPre,
    TcrPos,
    TrfcPre,
    TrfcPos,
    OutrosIndexadores,
}

/// Once or per instalment (`EnumContractFeeChargeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeeChargeType {
    Unica,
    PorParcela,
}

/// How a fee is charged (`EnumContractFeeCharge`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeeCharge {
    Minimo,
    Maximo,
    Fixo,
    Percentual,
}

/// Contracted charge (`EnumContractFinanceChargeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FinanceChargeType {
    JurosRemuneratoriosPorAtraso,
    MultaAtrasoPagamento,
    JurosMoraAtraso,
    IofContratacao,
    IofPorAtraso,
    SemEncargo,
    Outros,
}

/// Warranty type (`EnumWarrantyType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WarrantyType {
    CessaoDireitosCreditorios,
    Caucao,
    Penhor,
    AlienacaoFiduciaria,
    Hipoteca,
    OperacoesGarantidasPeloGoverno,
    OutrasGarantiasNaoFidejussorias,
    SegurosAssemelhados,
    GarantiaFidejussoria,
    BensArrendados,
    GarantiasInternacionais,
    OperacoesGarantidasOutrasEntidades,
    AcordosCompensacao,
}

/// Warranty subtype (`EnumWarrantySubType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WarrantySubType {
    AcoesDebentures,
    AcordosCompensacaoLiquidacaoObrigacoes,
    AplicacoesFinanceirasRendaFixa,
    AplicacoesFinanceirasRendaVariavel,
    ApolicesCreditoExportacao,
    CcrConvenioCreditosReciprocos,
    Cheques,
    Civil,
    DireitosSobreAlugueis,
    #[serde(rename = "DEPOSITOS_A_VISTA_A_PRAZO_POUPANCA_OURO_TITULOS_PUBLICOS_FEDERAIS_ART_36")]
    DepositosAVistaAPrazoPoupancaOuroTitulosPublicosFederaisArt36,
    #[serde(rename = "DEPOSITO_TITULOS_EMITIDOS_ENTIDADES_ART_23")]
    DepositoTitulosEmitidosEntidadesArt23,
    Duplicatas,
    #[serde(rename = "EMD_ENTIDADES_MULTILATERAIS_DESENVOLVIMENTO_ART_37")]
    EmdEntidadesMultilateraisDesenvolvimentoArt37,
    Equipamentos,
    EstadualOuDistrital,
    FaturaCartaoCredito,
    Federal,
    FcvsFundoCompensacaoVariacoesSalariais,
    FgiFundoGarantidorInvestimentos,
    FgpcFundoGarantiaPromocaoCompetit,
    FgtsFundoGarantiaTempoServico,
    FundoGarantidorAval,
    #[serde(rename = "GARANTIA_PRESTADA_FGPC_LEI_9531_ART_37")]
    GarantiaPrestadaFgpcLei9531Art37,
    #[serde(rename = "GARANTIA_PRESTADA_FUNDOS_QUAISQUER_OUTROS_MECANISMOS_COBERTURA_RISCO_CREDITO_ART_37")]
    GarantiaPrestadaFundosQuaisquerOutrosMecanismosCoberturaRiscoCreditoArt37,
    #[serde(
        rename = "GARANTIA_PRESTADA_TESOURO_NACIONAL_OU_BACEN_ART_37_BENS_DIREITOS_INTEGRANTES_PATRIMONIO_AFETACAO"
    )]
    GarantiaPrestadaTesouroNacionalOuBacenArt37BensDireitosIntegrantesPatrimonioAfetacao,
    Imoveis,
    ImoveisResidenciais,
    Mitigadoras,
    Municipal,
    NaoMitigadoras,
    NotasPromissoriasOutrosDireitosCredito,
    Outras,
    Outros,
    OutrosBens,
    OutrosGraus,
    OutrosImoveis,
    OutrosSegurosAssemelhados,
    PessoaFisica,
    PessoaFisicaExterior,
    PessoaJuridica,
    PessoaJuridicaExterior,
    PrimeiroGrauBensDireitosIntegrantesPatrimonioAfetacao,
    PrimeiroGrauImoveisResidenciais,
    PrimeiroGrauOutros,
    Proagro,
    ProdutosAgropecuariosComWarrant,
    ProdutosAgropecuariosSemWarrant,
    #[serde(rename = "SBCE_SOCIEDADE_BRASILEIRA_CREDITO_EXPORTAÇÃO")]
    SbceSociedadeBrasileiraCreditoExportacao,
    SeguroRural,
    SemSubTipoGarantia,
    TributosReceitasOrcamentarias,
    Veiculos,
    VeiculosAutomotores,
}

/// Unit of the total term (`typeNumberOfInstalments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeNumberOfInstalments {
    Dia,
    Semana,
    Mes,
    Ano,
    SemPrazoTotal,
}

/// Unit of the remaining term (`typeContractRemaining`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeContractRemaining {
    Dia,
    Semana,
    Mes,
    Ano,
    SemPrazoRemanescente,
}
