//! The refusals of the layers around every request (sign-in, body size, per-caller limits,
//! the deadline), in Kyrgyz, Russian and English side by side as in [`super::reports`]; the
//! server picks the language from the request's Accept-Language. The English texts are the
//! ones the API gave before.

use super::Lang;
use crate::auth::Rejection;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestMsg {
    /// No token where anonymous access is off.
    TokenNeeded,
    /// An Authorization header that is not ASCII.
    HeaderNotAscii,
    /// An Authorization header that is not `Bearer <token>`.
    NotBearer,
    /// A token refused.
    Rejected(Rejection),
    /// A body over `server.body_limit_bytes`.
    BodyTooLarge { limit: u64 },
    /// A body that could not be read.
    BodyUnreadable(String),
    /// Too many requests of one caller in progress.
    Busy { limit: u32 },
    /// Too many requests of one caller this minute.
    Rate { secs: u64 },
    /// Over `server.request_timeout_ms`.
    Timeout { ms: u64 },
    /// A file upload without a token: only signed-in callers import.
    UploadNeedsToken,
    /// An upload of more files, or more uses of them, than one request takes.
    TooManyFiles { limit: usize },
    /// An upload whose parts could not be read.
    UploadUnreadable,
}

impl RequestMsg {
    pub fn render(&self, lang: Lang) -> String {
        lang.choose(self.texts())
    }

    /// The message in Kyrgyz, Russian and English.
    pub fn texts(&self) -> [String; 3] {
        use RequestMsg::*;
        match self {
            TokenNeeded => [
                "бул API bearer токенди талап кылат (аноним кирүү өчүрүлгөн)".into(),
                "этому API нужен bearer-токен (анонимный доступ отключён)".into(),
                "this API needs a bearer token (anonymous access is turned off)".into(),
            ],
            HeaderNotAscii => [
                "Authorization аталышы ASCII белгилери менен `Bearer <token>` болушу керек".into(),
                "заголовок Authorization должен быть `Bearer <token>` в символах ASCII".into(),
                "the Authorization header must be `Bearer <token>` in plain ASCII".into(),
            ],
            NotBearer => [
                "Authorization аталышы `Bearer <token>` болушу керек".into(),
                "заголовок Authorization должен быть `Bearer <token>`".into(),
                "the Authorization header must be `Bearer <token>`".into(),
            ],
            Rejected(why) => {
                let [ky, ru] = match why {
                    Rejection::Invalid => [
                        "токен Sapat API токени эмес же эч бир токенге дал келбейт",
                        "токен не является токеном API Sapat или не совпадает ни с одним токеном",
                    ],
                    Rejection::Revoked => ["токен жокко чыгарылган", "токен отозван"],
                    Rejection::Expired => ["токендин мөөнөтү бүткөн", "срок действия токена истёк"],
                    Rejection::NoSignOn => [
                        "бул жерде бирдиктүү кирүү (SSO) токендери кабыл алынбайт (auth.jwt ачкычы коюлган эмес)",
                        "токены единого входа здесь не принимаются (ключ auth.jwt не настроен)",
                    ],
                    Rejection::Claims => [
                        "токендин ролу же чөйрөсү Sapat үчүн белгисиз",
                        "роль или область действия токена Sapat не знает",
                    ],
                };
                [ky.into(), ru.into(), why.to_string()]
            }
            BodyTooLarge { limit } => [
                format!("сурамдын денеси {limit} байт чегинен чоң"),
                format!("тело запроса больше предела в {limit} байт"),
                format!("the request body is larger than the limit of {limit} bytes"),
            ],
            BodyUnreadable(e) => [
                format!("сурамдын денесин окуу мүмкүн болгон жок: {e}"),
                format!("не удалось прочитать тело запроса: {e}"),
                format!("the request body could not be read: {e}"),
            ],
            Busy { limit } => [
                format!(
                    "бул колдонуучунун {limit} сурамы аткарылып жатат; бирөө бүткөндө кийинкисин жибериңиз"
                ),
                format!(
                    "у этого клиента уже выполняется {limit} запросов; отправьте следующий, когда один завершится"
                ),
                format!(
                    "this caller already has {limit} requests in progress; send the next when one has finished"
                ),
            ],
            Rate { secs } => [
                format!(
                    "бул колдонуучу бул мүнөттө өтө көп сурам жөнөттү; {secs} секунддан кийин кайталаңыз"
                ),
                format!(
                    "этот клиент отправил слишком много запросов за минуту; повторите через {secs} с"
                ),
                format!(
                    "this caller has sent too many requests this minute; try again in {secs} s"
                ),
            ],
            Timeout { ms } => [
                format!("сурам {ms} мс ашык созулуп, токтотулду"),
                format!("запрос выполнялся дольше {ms} мс и был отменён"),
                format!("the request took longer than {ms} ms and was cancelled"),
            ],
            UploadNeedsToken => [
                "файл жүктөө үчүн токен керек: аноним колдонуучу маалымат киргизе албайт".into(),
                "для загрузки файла нужен токен: анонимный пользователь не может вносить данные"
                    .into(),
                "uploading a file needs a token: anonymous callers cannot enter data".into(),
            ],
            TooManyFiles { limit } => [
                format!(
                    "бир суроо эң көп {limit} файл алат (ар бир файл бир гана жолу колдонулат)"
                ),
                format!(
                    "один запрос принимает не более {limit} файлов (каждый файл используется один раз)"
                ),
                format!("one request takes at most {limit} files, each used once"),
            ],
            UploadUnreadable => [
                "жүктөлгөн файлдарды окуй алган жокпуз: multipart форматы туура эмес".into(),
                "не удалось прочитать загрузку: неверный формат multipart".into(),
                "the upload could not be read: not a valid multipart body".into(),
            ],
        }
    }
}

impl fmt::Display for RequestMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_message_has_three_distinct_texts() {
        use RequestMsg::*;
        let mut all = vec![
            TokenNeeded,
            HeaderNotAscii,
            NotBearer,
            BodyTooLarge { limit: 1 },
            BodyUnreadable("x".into()),
            Busy { limit: 1 },
            Rate { secs: 1 },
            Timeout { ms: 1 },
            UploadNeedsToken,
            TooManyFiles { limit: 2 },
            UploadUnreadable,
        ];
        all.extend(
            [
                Rejection::Invalid,
                Rejection::Revoked,
                Rejection::Expired,
                Rejection::NoSignOn,
                Rejection::Claims,
            ]
            .map(Rejected),
        );
        for m in all {
            let [ky, ru, en] = m.texts();
            assert!(ky != ru && ru != en && ky != en, "{m:?}");
            for text in [&ky, &ru] {
                assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{m:?}");
            }
        }
    }
}
