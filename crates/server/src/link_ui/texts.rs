//! Every visible string of the Link pages, in Brazilian Portuguese and English. Templates hold
//! markup only. A sentence that names the partner or the institution is split around the name
//! (`…_pre`, `…_mid`, `…_post`) so that the name can be set in bold and still escaped.

use ponte_domain::{Language, TaxIdKind};

#[derive(Debug)]
pub struct Texts {
    // Frame.
    pub skip_to_content: &'static str,
    pub powered_by: &'static str,
    pub privacy_policy: &'static str,
    pub terms: &'static str,
    pub new_window: &'static str,
    pub open_finance: &'static str,
    /// The name of the other language, written in that language (the language switch).
    pub other_language_name: &'static str,
    pub other_language: Language,

    // Landing.
    pub landing_title: &'static str,
    pub landing_heading_pre: &'static str,
    pub landing_heading_post: &'static str,
    pub landing_intro: &'static str,
    pub landing_why_pre: &'static str,
    pub landing_why_post: &'static str,
    pub landing_shared_heading: &'static str,
    pub landing_how_heading: &'static str,
    pub landing_points: &'static [&'static str],
    pub landing_legal: &'static str,
    pub continue_label: &'static str,

    // Institution list.
    pub institutions_title: &'static str,
    pub institutions_intro: &'static str,
    pub institutions_list_label: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub search_show_all: &'static str,
    pub search_none: &'static str,
    pub search_count_one: &'static str,
    /// `{n}` is replaced by the number.
    pub search_count_many: &'static str,
    pub outage_badge: &'static str,
    pub connected_badge: &'static str,

    // Data confirmation.
    pub confirm_title: &'static str,
    pub confirm_heading: &'static str,
    pub confirm_lead_pre: &'static str,
    pub confirm_lead_mid: &'static str,
    pub confirm_lead_post: &'static str,
    pub tax_id_shown_label: &'static str,
    pub ask_cpf_label: &'static str,
    pub ask_cpf_hint: &'static str,
    pub ask_cnpj_label: &'static str,
    pub ask_cnpj_hint: &'static str,
    pub validity_legend: &'static str,
    pub validity_12: &'static str,
    pub validity_0: &'static str,
    pub validity_hint: &'static str,
    pub confirm_note: &'static str,
    pub continue_to: &'static str,
    pub back: &'static str,
    pub error_prefix: &'static str,

    // Redirect to the bank.
    pub redirect_title: &'static str,
    pub redirect_heading_pre: &'static str,
    pub redirect_heading_post: &'static str,
    pub redirect_body: &'static str,
    pub go_to: &'static str,

    // Bank callback.
    pub callback_title: &'static str,
    pub callback_heading: &'static str,
    pub callback_body: &'static str,
    pub callback_noscript: &'static str,
    pub callback_empty_heading: &'static str,
    pub callback_empty_body: &'static str,
    pub callback_submit: &'static str,
    pub start_over: &'static str,

    // LGPD confirmation.
    pub lgpd_title: &'static str,
    pub lgpd_heading_pre: &'static str,
    pub lgpd_heading_post: &'static str,
    pub lgpd_body_mid: &'static str,
    pub lgpd_body_post: &'static str,
    pub lgpd_shared_heading: &'static str,
    pub lgpd_accept: &'static str,
    pub lgpd_refuse: &'static str,
    pub lgpd_refuse_note: &'static str,

    // Success.
    pub success_title: &'static str,
    pub success_heading_pre: &'static str,
    pub success_heading_post: &'static str,
    pub success_body: &'static str,
    pub progress_heading: &'static str,
    pub progress_end: &'static str,
    pub state_done: &'static str,
    pub state_active: &'static str,
    pub state_pending: &'static str,
    pub state_failed: &'static str,
    pub connect_another: &'static str,
    pub finish: &'static str,

    // Failure.
    pub failure_title: &'static str,
    pub failure_lead_pre: &'static str,
    pub failure_lead_post: &'static str,
    pub failure_reason_label: &'static str,
    pub retry: &'static str,
}

impl Texts {
    pub fn tax_id_label(&self, kind: TaxIdKind) -> &'static str {
        match kind {
            TaxIdKind::Cpf => self.ask_cpf_label,
            TaxIdKind::Cnpj => self.ask_cnpj_label,
        }
    }

    pub fn tax_id_hint(&self, kind: TaxIdKind) -> &'static str {
        match kind {
            TaxIdKind::Cpf => self.ask_cpf_hint,
            TaxIdKind::Cnpj => self.ask_cnpj_hint,
        }
    }

    /// The words for a progress step's state (takes `StepState` or `&StepState`).
    pub fn state(&self, state: impl std::borrow::Borrow<super::StepState>) -> &'static str {
        match *state.borrow() {
            super::StepState::Done => self.state_done,
            super::StepState::Active => self.state_active,
            super::StepState::Pending => self.state_pending,
            super::StepState::Failed => self.state_failed,
        }
    }

    /// "1 institution" / "{n} institutions" / "none found".
    pub fn search_count(&self, n: usize) -> String {
        match n {
            0 => self.search_none.to_owned(),
            1 => self.search_count_one.to_owned(),
            n => self.search_count_many.replace("{n}", &n.to_string()),
        }
    }
}

pub fn texts(lang: Language) -> &'static Texts {
    match lang {
        Language::PtBr => &PT_BR,
        Language::En => &EN,
    }
}

static PT_BR: Texts = Texts {
    skip_to_content: "Pular para o conteúdo",
    powered_by: "Conexão segura por Ponte",
    privacy_policy: "Política de privacidade",
    terms: "Termos de uso",
    new_window: "(abre em nova janela)",
    open_finance: "Open Finance Brasil",
    other_language_name: "English",
    other_language: Language::En,

    landing_title: "Conecte sua conta",
    landing_heading_pre: "",
    landing_heading_post: " quer acessar seus dados financeiros",
    landing_intro: "Pelo Open Finance, você escolhe a instituição, revisa os dados e autoriza o \
                    compartilhamento no ambiente seguro dela. Você não informa nenhuma senha aqui.",
    landing_why_pre: "O Ponte recebe os dados da instituição e os entrega somente a ",
    landing_why_post: ", para o serviço que você solicitou.",
    landing_shared_heading: "O que será compartilhado",
    landing_how_heading: "Como funciona",
    landing_points: &[
        "Somente leitura: ninguém movimenta seu dinheiro com este compartilhamento.",
        "Você confirma tudo no aplicativo ou site da sua instituição.",
        "Você pode cancelar o compartilhamento quando quiser.",
    ],
    landing_legal: "Para saber como seus dados serão tratados, leia:",
    continue_label: "Continuar",

    institutions_title: "Escolha sua instituição",
    institutions_intro: "Selecione onde você tem conta. A autorização acontece no ambiente da instituição.",
    institutions_list_label: "Instituições disponíveis",
    search_label: "Buscar instituição",
    search_hint: "Digite parte do nome, como “Banco”.",
    search_button: "Buscar",
    search_show_all: "Ver todas as instituições",
    search_none: "Nenhuma instituição encontrada.",
    search_count_one: "1 instituição encontrada.",
    search_count_many: "{n} instituições encontradas.",
    outage_badge: "Indisponível no momento",
    connected_badge: "Conectada",

    confirm_title: "Confirme o compartilhamento",
    confirm_heading: "Confirme o compartilhamento",
    confirm_lead_pre: "",
    confirm_lead_mid: " vai receber estes dados de ",
    confirm_lead_post: ":",
    tax_id_shown_label: "Documento do titular",
    ask_cpf_label: "Seu CPF",
    ask_cpf_hint: "11 dígitos, com ou sem pontos e traço.",
    ask_cnpj_label: "CNPJ da empresa",
    ask_cnpj_hint: "14 caracteres, com ou sem pontuação.",
    validity_legend: "Por quanto tempo compartilhar?",
    validity_12: "12 meses",
    validity_0: "Até você cancelar",
    validity_hint: "Você pode cancelar a qualquer momento no ambiente da sua instituição.",
    confirm_note: "Na próxima etapa, você vai para o ambiente seguro da instituição para autorizar.",
    continue_to: "Continuar para",
    back: "Voltar",
    error_prefix: "Erro:",

    redirect_title: "Redirecionando",
    redirect_heading_pre: "Levando você para ",
    redirect_heading_post: "…",
    redirect_body: "Se nada acontecer em alguns segundos, use o botão abaixo.",
    go_to: "Ir para",

    callback_title: "Finalizando",
    callback_heading: "Finalizando sua conexão…",
    callback_body: "Estamos recebendo a resposta da instituição. Não feche esta página.",
    callback_noscript: "Esta etapa precisa de JavaScript para ler a resposta da instituição. Ative o \
                        JavaScript e recarregue a página.",
    callback_empty_heading: "Não recebemos a resposta da instituição",
    callback_empty_body: "O endereço de retorno chegou sem os dados da autorização. Volte ao aplicativo e \
                          comece de novo.",
    callback_submit: "Continuar",
    start_over: "Começar de novo",

    lgpd_title: "Autorize o envio dos dados",
    lgpd_heading_pre: "Falta pouco: autorize o envio para ",
    lgpd_heading_post: "",
    lgpd_body_mid: " autorizou o compartilhamento com o Ponte. Pela Lei Geral de Proteção de Dados \
                    (LGPD), precisamos da sua permissão para enviar esses dados a ",
    lgpd_body_post: ".",
    lgpd_shared_heading: "Dados que serão enviados",
    lgpd_accept: "Autorizar envio",
    lgpd_refuse: "Não autorizar",
    lgpd_refuse_note: "Se você não autorizar, nenhum dado será enviado e o compartilhamento será encerrado.",

    success_title: "Conexão concluída",
    success_heading_pre: "Conectado a ",
    success_heading_post: "",
    success_body: "Estamos buscando seus dados. Você pode acompanhar abaixo ou concluir agora: a busca \
                   continua mesmo assim.",
    progress_heading: "Andamento",
    progress_end: "Busca concluída.",
    state_done: "concluído",
    state_active: "em andamento",
    state_pending: "aguardando",
    state_failed: "falhou",
    connect_another: "Conectar outra instituição",
    finish: "Concluir",

    failure_title: "Não foi possível conectar",
    failure_lead_pre: "A conexão com ",
    failure_lead_post: " não foi concluída.",
    failure_reason_label: "Motivo:",
    retry: "Tentar novamente",
};

static EN: Texts = Texts {
    skip_to_content: "Skip to content",
    powered_by: "Secure connection by Ponte",
    privacy_policy: "Privacy policy",
    terms: "Terms of use",
    new_window: "(opens in a new window)",
    open_finance: "Open Finance Brasil",
    other_language_name: "Português",
    other_language: Language::PtBr,

    landing_title: "Connect your account",
    landing_heading_pre: "",
    landing_heading_post: " would like to access your financial data",
    landing_intro: "With Open Finance, you choose your institution, review the data and authorise \
                    sharing in the institution's own secure environment. You never type a password here.",
    landing_why_pre: "Ponte receives the data from the institution and delivers it only to ",
    landing_why_post: ", for the service you asked for.",
    landing_shared_heading: "What will be shared",
    landing_how_heading: "How it works",
    landing_points: &[
        "Read only: nobody can move your money through this sharing.",
        "You confirm everything in your institution's app or website.",
        "You can cancel the sharing whenever you want.",
    ],
    landing_legal: "To learn how your data will be handled, read:",
    continue_label: "Continue",

    institutions_title: "Choose your institution",
    institutions_intro: "Select where you hold an account. You authorise in the institution's own environment.",
    institutions_list_label: "Available institutions",
    search_label: "Search institutions",
    search_hint: "Type part of the name, such as “Bank”.",
    search_button: "Search",
    search_show_all: "Show all institutions",
    search_none: "No institution found.",
    search_count_one: "1 institution found.",
    search_count_many: "{n} institutions found.",
    outage_badge: "Temporarily unavailable",
    connected_badge: "Connected",

    confirm_title: "Confirm the sharing",
    confirm_heading: "Confirm the sharing",
    confirm_lead_pre: "",
    confirm_lead_mid: " will receive this data from ",
    confirm_lead_post: ":",
    tax_id_shown_label: "Account holder's tax id",
    ask_cpf_label: "Your CPF",
    ask_cpf_hint: "11 digits, with or without dots and dash.",
    ask_cnpj_label: "Company CNPJ",
    ask_cnpj_hint: "14 characters, with or without punctuation.",
    validity_legend: "For how long?",
    validity_12: "12 months",
    validity_0: "Until you cancel",
    validity_hint: "You can cancel at any time in your institution's environment.",
    confirm_note: "Next, you go to the institution's secure environment to authorise.",
    continue_to: "Continue to",
    back: "Back",
    error_prefix: "Error:",

    redirect_title: "Redirecting",
    redirect_heading_pre: "Taking you to ",
    redirect_heading_post: "…",
    redirect_body: "If nothing happens in a few seconds, use the button below.",
    go_to: "Go to",

    callback_title: "Finishing",
    callback_heading: "Finishing your connection…",
    callback_body: "We are receiving the institution's answer. Please do not close this page.",
    callback_noscript: "This step needs JavaScript to read the institution's answer. Please enable \
                        JavaScript and reload the page.",
    callback_empty_heading: "We did not receive the institution's answer",
    callback_empty_body: "The return address arrived without the authorisation data. Go back to the app \
                          and start again.",
    callback_submit: "Continue",
    start_over: "Start again",

    lgpd_title: "Authorise sending the data",
    lgpd_heading_pre: "Almost done: authorise sending to ",
    lgpd_heading_post: "",
    lgpd_body_mid: " has authorised sharing with Ponte. Under Brazil's data protection law (LGPD), \
                    we need your permission to send this data to ",
    lgpd_body_post: ".",
    lgpd_shared_heading: "Data that will be sent",
    lgpd_accept: "Authorise sending",
    lgpd_refuse: "Do not authorise",
    lgpd_refuse_note: "If you do not authorise, no data is sent and the sharing is ended.",

    success_title: "Connection complete",
    success_heading_pre: "Connected to ",
    success_heading_post: "",
    success_body: "We are retrieving your data. You can follow along below or finish now: retrieval \
                   continues either way.",
    progress_heading: "Progress",
    progress_end: "Retrieval complete.",
    state_done: "done",
    state_active: "in progress",
    state_pending: "waiting",
    state_failed: "failed",
    connect_another: "Connect another institution",
    finish: "Finish",

    failure_title: "We could not connect",
    failure_lead_pre: "The connection with ",
    failure_lead_post: " was not completed.",
    failure_reason_label: "Reason:",
    retry: "Try again",
};
