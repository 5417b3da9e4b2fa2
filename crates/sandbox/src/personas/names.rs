//! Data tables: the merchants, employers, platforms and people whose names appear on the
//! sandbox statements, as banks print them. Private companies have made-up CNPJs with valid
//! check digits (no real company is named by its real number); public bodies (INSS, Receita
//! Federal) have their public CNPJs so that categorisers keyed on them work. Tests check every
//! CNPJ.

/// A counterparty organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Org {
    pub name: &'static str,
    pub cnpj: &'static str,
    /// Merchant category code for card transactions (0 when not a card merchant).
    pub mcc: u32,
}

/// Employers whose payroll credits read `PAGTO SALARIO <name>`.
pub static EMPLOYERS: &[Org] = &[
    Org { name: "ACME LTDA", cnpj: "69953947000113", mcc: 0 },
    Org { name: "METALURGICA SAO JORGE LTDA", cnpj: "64818001000120", mcc: 0 },
    Org { name: "HOSPITAL SANTA LUCIA S.A.", cnpj: "12672129000125", mcc: 0 },
    Org { name: "CONSTRUTORA HORIZONTE LTDA", cnpj: "24028006000135", mcc: 0 },
    Org { name: "TECH SOLUCOES DIGITAIS LTDA", cnpj: "67727212000146", mcc: 0 },
    Org { name: "LOJAS PRIMAVERA S.A.", cnpj: "81227053000141", mcc: 0 },
    Org { name: "TRANSPORTADORA RAPIDO SUL LTDA", cnpj: "82297347000102", mcc: 0 },
    Org { name: "ESCOLA NOVO SABER LTDA", cnpj: "75604815000189", mcc: 0 },
    Org { name: "LABORATORIO VITA DIAGNOSTICOS LTDA", cnpj: "47964376000180", mcc: 0 },
    Org { name: "BANCO DE ALIMENTOS SERRANO LTDA", cnpj: "58982882000118", mcc: 0 },
];

/// Supermarkets (MCC 5411).
pub static SUPERMARKETS: &[Org] = &[
    Org { name: "CARREFOUR", cnpj: "17404316000141", mcc: 5411 },
    Org { name: "ASSAI ATACADISTA", cnpj: "85986821000100", mcc: 5411 },
    Org { name: "PAO DE ACUCAR", cnpj: "12575445000189", mcc: 5411 },
    Org { name: "ATACADAO", cnpj: "14347599000149", mcc: 5411 },
    Org { name: "EXTRA MERCADO", cnpj: "47288138000100", mcc: 5411 },
    Org { name: "DIA SUPERMERCADO", cnpj: "30684294000189", mcc: 5411 },
    Org { name: "SONDA SUPERMERCADOS", cnpj: "26534692000141", mcc: 5411 },
    Org { name: "OXXO", cnpj: "57623310000180", mcc: 5411 },
];

/// Restaurants and food delivery (MCC 5812/5814).
pub static RESTAURANTS: &[Org] = &[
    Org { name: "IFOOD *RESTAURANTE", cnpj: "18737489000144", mcc: 5812 },
    Org { name: "MC DONALDS", cnpj: "65893777000178", mcc: 5814 },
    Org { name: "BURGER KING", cnpj: "25721789000109", mcc: 5814 },
    Org { name: "OUTBACK STEAKHOUSE", cnpj: "43648083000132", mcc: 5812 },
    Org { name: "SPOLETO", cnpj: "51666246000138", mcc: 5812 },
    Org { name: "RESTAURANTE SABOR CASEIRO", cnpj: "52553289000170", mcc: 5812 },
    Org { name: "HABIBS", cnpj: "43257401000134", mcc: 5814 },
    Org { name: "PADARIA PAO QUENTE", cnpj: "14990791000159", mcc: 5462 },
];

/// Ride-hailing (MCC 4121).
pub static RIDE_HAILING: &[Org] = &[
    Org { name: "UBER *TRIP", cnpj: "79690103000180", mcc: 4121 },
    Org { name: "99APP *99POP", cnpj: "15269524000150", mcc: 4121 },
    Org { name: "INDRIVE", cnpj: "12728640000100", mcc: 4121 },
];

/// Fuel stations (MCC 5541).
pub static FUEL: &[Org] = &[
    Org { name: "POSTO IPIRANGA", cnpj: "55339150000116", mcc: 5541 },
    Org { name: "POSTO SHELL", cnpj: "72601068000137", mcc: 5541 },
    Org { name: "POSTO PETROBRAS BR", cnpj: "66670090000136", mcc: 5541 },
    Org { name: "POSTO ALE", cnpj: "84970380000187", mcc: 5541 },
];

/// Pharmacies (MCC 5912).
pub static PHARMACIES: &[Org] = &[
    Org { name: "DROGASIL", cnpj: "42569091000120", mcc: 5912 },
    Org { name: "DROGA RAIA", cnpj: "91350922000184", mcc: 5912 },
    Org { name: "PAGUE MENOS", cnpj: "43810858000124", mcc: 5912 },
    Org { name: "DROGARIA SAO PAULO", cnpj: "23304788000125", mcc: 5912 },
];

/// Streaming and digital subscriptions (MCC 4899).
pub static SUBSCRIPTIONS: &[Org] = &[
    Org { name: "NETFLIX.COM", cnpj: "85566817000184", mcc: 4899 },
    Org { name: "SPOTIFY", cnpj: "52246501000156", mcc: 5815 },
    Org { name: "DISNEY PLUS", cnpj: "95116621000141", mcc: 4899 },
    Org { name: "AMAZON PRIME", cnpj: "77016633000112", mcc: 4899 },
    Org { name: "GLOBOPLAY", cnpj: "44044357000147", mcc: 4899 },
    Org { name: "YOUTUBE PREMIUM", cnpj: "20946686000115", mcc: 5815 },
];

/// Online and department stores (MCC 5311).
pub static SHOPS: &[Org] = &[
    Org { name: "MERCADOLIVRE", cnpj: "41376173000196", mcc: 5999 },
    Org { name: "AMAZON MARKETPLACE", cnpj: "27875465000142", mcc: 5999 },
    Org { name: "MAGAZINE LUIZA", cnpj: "78089656000110", mcc: 5732 },
    Org { name: "SHOPEE", cnpj: "60861217000118", mcc: 5999 },
    Org { name: "CASAS BAHIA", cnpj: "57755949000119", mcc: 5732 },
    Org { name: "AMERICANAS", cnpj: "38275108000160", mcc: 5311 },
    Org { name: "RENNER", cnpj: "89733826000173", mcc: 5651 },
    Org { name: "C&A", cnpj: "33664310000160", mcc: 5651 },
    Org { name: "RIACHUELO", cnpj: "68339648000120", mcc: 5651 },
    Org { name: "CENTAURO", cnpj: "46837671000102", mcc: 5941 },
];

/// Utilities paid by convenio (electricity, water, gas, telecom).
pub static UTILITIES: &[Org] = &[
    Org { name: "ENEL SP", cnpj: "84118868000180", mcc: 4900 },
    Org { name: "SABESP", cnpj: "47313443000104", mcc: 4900 },
    Org { name: "COMGAS", cnpj: "57180405000176", mcc: 4900 },
    Org { name: "VIVO", cnpj: "59374335000112", mcc: 4814 },
    Org { name: "CLARO", cnpj: "43507143000105", mcc: 4814 },
    Org { name: "TIM", cnpj: "55297170000171", mcc: 4814 },
    Org { name: "LIGHT RJ", cnpj: "45634424000146", mcc: 4900 },
    Org { name: "CEMIG", cnpj: "14830072000170", mcc: 4900 },
];

/// Betting operators (MCC 7995); made-up CNPJs.
pub static BETTING: &[Org] = &[
    Org { name: "BETANO", cnpj: "56013434000180", mcc: 7995 },
    Org { name: "SPORTINGBET", cnpj: "64499942000149", mcc: 7995 },
    Org { name: "BET365", cnpj: "40656861000147", mcc: 7995 },
    Org { name: "ESTRELABET", cnpj: "13593026000132", mcc: 7995 },
    Org { name: "SUPERBET", cnpj: "68096287000139", mcc: 7995 },
    Org { name: "KTO", cnpj: "33953235000157", mcc: 7995 },
    Org { name: "NOVIBET", cnpj: "15727969000136", mcc: 7995 },
];

/// Delivery and ride-hailing platforms that pay gig workers.
pub static PLATFORMS: &[Org] = &[
    Org { name: "IFOOD.COM AGENCIA DE RESTAURANTES", cnpj: "11604667000110", mcc: 0 },
    Org { name: "UBER DO BRASIL TECNOLOGIA", cnpj: "50643516000122", mcc: 0 },
    Org { name: "99 TECNOLOGIA", cnpj: "72061620000141", mcc: 0 },
    Org { name: "RAPPI BRASIL", cnpj: "64902209000123", mcc: 0 },
    Org { name: "LOGGI TECNOLOGIA", cnpj: "28163900000179", mcc: 0 },
    Org { name: "LALAMOVE", cnpj: "72303462000199", mcc: 0 },
];

/// Card acquirers whose receivables credit a merchant.
pub static ACQUIRERS: &[Org] = &[
    Org { name: "CIELO", cnpj: "83705202000166", mcc: 0 },
    Org { name: "REDE", cnpj: "51660298000105", mcc: 0 },
    Org { name: "STONE", cnpj: "94933979000102", mcc: 0 },
    Org { name: "GETNET", cnpj: "28878625000170", mcc: 0 },
    Org { name: "PAGSEGURO", cnpj: "78815635000134", mcc: 0 },
];

/// A retailer's suppliers.
pub static SUPPLIERS: &[Org] = &[
    Org { name: "DISTRIBUIDORA ALFA ALIMENTOS LTDA", cnpj: "71010093000183", mcc: 0 },
    Org { name: "BEBIDAS DO VALE LTDA", cnpj: "83963598000141", mcc: 0 },
    Org { name: "LATICINIOS SERRA AZUL LTDA", cnpj: "53209581000132", mcc: 0 },
    Org { name: "EMBALAGENS NOVA ERA LTDA", cnpj: "49827504000179", mcc: 0 },
    Org { name: "ATACADO CENTRAL DISTRIBUIDORA LTDA", cnpj: "50039131000150", mcc: 0 },
    Org { name: "HIGIENE TOTAL COMERCIO LTDA", cnpj: "86491359000124", mcc: 0 },
];

/// A services company's clients; the first is the large one.
pub static CLIENTS: &[Org] = &[
    Org { name: "GRUPO ATLAS PARTICIPACOES S.A.", cnpj: "56842991000104", mcc: 0 },
    Org { name: "CLINICA VIDA PLENA LTDA", cnpj: "50713616000188", mcc: 0 },
    Org { name: "AGRO BOA TERRA LTDA", cnpj: "42517039000120", mcc: 0 },
    Org { name: "EDITORA LUMEN LTDA", cnpj: "83316504000142", mcc: 0 },
    Org { name: "CONSTRUTORA PILAR LTDA", cnpj: "58556825000177", mcc: 0 },
    Org { name: "ESCRITORIO MOURA ADVOGADOS", cnpj: "57277321000155", mcc: 0 },
];

/// Rent and condominium payees (boleto).
pub static LANDLORDS: &[Org] = &[
    Org { name: "IMOBILIARIA LAR IDEAL LTDA", cnpj: "82375304000106", mcc: 0 },
    Org { name: "CONDOMINIO EDIFICIO AURORA", cnpj: "76938369000101", mcc: 0 },
    Org { name: "ADMINISTRADORA PREDIAL CENTRO", cnpj: "42855191000113", mcc: 0 },
    Org { name: "IMOBILIARIA PORTAL LTDA", cnpj: "78933846000171", mcc: 0 },
];

/// Health insurers (boleto).
pub static HEALTH: &[Org] = &[
    Org { name: "UNIMED", cnpj: "48414348000151", mcc: 0 },
    Org { name: "AMIL", cnpj: "83818908000134", mcc: 0 },
    Org { name: "HAPVIDA", cnpj: "38792511000166", mcc: 0 },
    Org { name: "SULAMERICA SAUDE", cnpj: "67550076000161", mcc: 0 },
];

/// Business software and services bought on a company card (MCC 5734).
pub static SOFTWARE: &[Org] = &[
    Org { name: "GOOGLE WORKSPACE", cnpj: "84800096000162", mcc: 5734 },
    Org { name: "MICROSOFT 365", cnpj: "15622316000192", mcc: 5734 },
    Org { name: "CONTA AZUL", cnpj: "82394916000138", mcc: 5734 },
    Org { name: "RD STATION", cnpj: "79022342000162", mcc: 5734 },
    Org { name: "ZOOM.US", cnpj: "55879415000179", mcc: 5734 },
];
/// INSS, the social-security institute that pays retirement benefits.
pub static INSS: Org = Org { name: "INSS", cnpj: "29979036000140", mcc: 0 };
/// Receita Federal, the payee of DARF taxes.
pub static RECEITA_FEDERAL: Org = Org { name: "RECEITA FEDERAL", cnpj: "00394460005887", mcc: 0 };
/// A city hall collecting ISS.
pub static PREFEITURA: Org = Org { name: "PREFEITURA DE SAO PAULO", cnpj: "46395000000139", mcc: 0 };
/// Caixa, the collector of FGTS.
pub static CAIXA_FGTS: Org = Org { name: "CAIXA ECONOMICA FEDERAL FGTS", cnpj: "00360305000104", mcc: 0 };

/// COMPE codes of real banks, for counterparties' accounts.
pub static BANK_CODES: &[&str] =
    &["001", "033", "104", "237", "341", "260", "077", "336", "290", "323", "380", "212", "756", "748"];

pub static MALE_NAMES: &[&str] = &[
    "JOAO",
    "PEDRO",
    "LUCAS",
    "GABRIEL",
    "RAFAEL",
    "CARLOS",
    "MARCOS",
    "PAULO",
    "ANDRE",
    "FELIPE",
    "BRUNO",
    "THIAGO",
    "RODRIGO",
    "GUSTAVO",
    "EDUARDO",
    "JOSE",
    "ANTONIO",
    "FRANCISCO",
    "LUIZ",
    "MATEUS",
];

pub static FEMALE_NAMES: &[&str] = &[
    "MARIA", "ANA", "JULIANA", "FERNANDA", "PATRICIA", "ALINE", "CAMILA", "AMANDA", "BRUNA", "LETICIA",
    "MARIANA", "BEATRIZ", "LARISSA", "VANESSA", "RENATA", "CLAUDIA", "SANDRA", "LUCIANA", "GABRIELA", "RITA",
];

pub static SURNAMES: &[&str] = &[
    "SILVA",
    "SANTOS",
    "OLIVEIRA",
    "SOUZA",
    "RODRIGUES",
    "FERREIRA",
    "ALVES",
    "PEREIRA",
    "LIMA",
    "GOMES",
    "COSTA",
    "RIBEIRO",
    "MARTINS",
    "CARVALHO",
    "ALMEIDA",
    "LOPES",
    "SOARES",
    "FERNANDES",
    "VIEIRA",
    "BARBOSA",
    "ROCHA",
    "DIAS",
    "NASCIMENTO",
    "ANDRADE",
    "MOREIRA",
    "NUNES",
    "MARQUES",
    "MACHADO",
    "MENDES",
    "FREITAS",
];

/// A city: name, state, IBGE code, the first five digits of its postcodes and its area code.
#[derive(Clone, Copy, Debug)]
pub struct City {
    pub name: &'static str,
    pub uf: crate::data::customers::CountrySubDivision,
    pub ibge: &'static str,
    pub cep_prefix: &'static str,
    pub area_code: &'static str,
}

pub static CITIES: &[City] = {
    use crate::data::customers::CountrySubDivision as Uf;
    &[
        City { name: "SAO PAULO", uf: Uf::Sp, ibge: "3550308", cep_prefix: "04", area_code: "11" },
        City { name: "RIO DE JANEIRO", uf: Uf::Rj, ibge: "3304557", cep_prefix: "22", area_code: "21" },
        City { name: "BELO HORIZONTE", uf: Uf::Mg, ibge: "3106200", cep_prefix: "30", area_code: "31" },
        City { name: "CURITIBA", uf: Uf::Pr, ibge: "4106902", cep_prefix: "80", area_code: "41" },
        City { name: "PORTO ALEGRE", uf: Uf::Rs, ibge: "4314902", cep_prefix: "90", area_code: "51" },
        City { name: "RECIFE", uf: Uf::Pe, ibge: "2611606", cep_prefix: "50", area_code: "81" },
        City { name: "SALVADOR", uf: Uf::Ba, ibge: "2927408", cep_prefix: "40", area_code: "71" },
        City { name: "FORTALEZA", uf: Uf::Ce, ibge: "2304400", cep_prefix: "60", area_code: "85" },
        City { name: "CAMPINAS", uf: Uf::Sp, ibge: "3509502", cep_prefix: "13", area_code: "19" },
        City { name: "GOIANIA", uf: Uf::Go, ibge: "5208707", cep_prefix: "74", area_code: "62" },
        City { name: "BRASILIA", uf: Uf::Df, ibge: "5300108", cep_prefix: "70", area_code: "61" },
    ]
};

pub static STREETS: &[&str] = &[
    "RUA DAS FLORES",
    "AVENIDA BRASIL",
    "RUA SETE DE SETEMBRO",
    "RUA DOM PEDRO II",
    "AVENIDA GETULIO VARGAS",
    "RUA SANTOS DUMONT",
    "RUA TIRADENTES",
    "AVENIDA PAULISTA",
    "RUA DO COMERCIO",
    "RUA JOSE BONIFACIO",
];

pub static DISTRICTS: &[&str] =
    &["CENTRO", "JARDIM AMERICA", "VILA NOVA", "BOA VISTA", "SANTA CECILIA", "SAO JOSE", "LIBERDADE"];

/// Every organisation in the tables (for the validity test and for callers building
/// categoriser fixtures).
pub fn all_orgs() -> impl Iterator<Item = &'static Org> {
    [
        EMPLOYERS,
        SUPERMARKETS,
        RESTAURANTS,
        RIDE_HAILING,
        FUEL,
        PHARMACIES,
        SUBSCRIPTIONS,
        SHOPS,
        UTILITIES,
        BETTING,
        PLATFORMS,
        ACQUIRERS,
        SUPPLIERS,
        CLIENTS,
        LANDLORDS,
        HEALTH,
        SOFTWARE,
    ]
    .into_iter()
    .flatten()
    .chain([&INSS, &RECEITA_FEDERAL, &PREFEITURA, &CAIXA_FGTS])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ponte_domain::Cnpj;

    #[test]
    fn every_cnpj_is_valid_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for org in all_orgs() {
            assert!(org.cnpj.parse::<Cnpj>().is_ok(), "{} has an invalid CNPJ", org.name);
            assert!(seen.insert(org.cnpj), "{} repeats a CNPJ", org.name);
        }
        for org in SUPERMARKETS.iter().chain(BETTING).chain(RIDE_HAILING) {
            assert!(org.mcc > 0);
        }
    }
}
