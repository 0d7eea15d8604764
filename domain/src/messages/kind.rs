//! The messages one fact kind's checks give, declared in that kind's module
//! ([`kind_messages!`](crate::kind_messages)) and carried in a [`Msg::Kind`].

use super::Msg;
use std::fmt;
use std::sync::Arc;

/// A message a fact kind's module declares for its own checks, with its three texts side by
/// side (see [`kind_messages!`](crate::kind_messages), which writes this impl).
pub trait KindMsg: fmt::Debug + Send + Sync + 'static {
    /// The message in Kyrgyz, Russian and English.
    fn texts(&self) -> [String; 3];
}

/// A kind's own message inside a [`Msg`]; two are equal when their texts are.
#[derive(Clone)]
pub struct KindText(pub(super) Arc<dyn KindMsg>);

impl PartialEq for KindText {
    fn eq(&self, other: &Self) -> bool {
        self.0.texts() == other.0.texts()
    }
}

impl Eq for KindText {}

impl fmt::Debug for KindText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<M: KindMsg> From<M> for Msg {
    fn from(m: M) -> Msg {
        Msg::Kind(KindText(Arc::new(m)))
    }
}

/// Declares a fact kind's own messages: an enum whose every variant gives its Kyrgyz, Russian
/// and English text side by side and a sample (its arguments, for the test that every
/// message has three texts), its [`KindMsg`] impl, and `samples()`, which the kind names as
/// its `FactKind::messages`. A variant's arguments are named for its texts:
///
/// ```ignore
/// domain::kind_messages! {
///     /// What the checks of surveys say.
///     pub enum Check {
///         /// More than the respondents (this many).
///         AboveRespondents(n: i64 = 30) => [
///             format!("жооп берген {n} адамдан көп"),
///             format!("больше, чем ответивших ({n})"),
///             format!("is more than the {n} who answered"),
///         ],
///     }
/// }
/// ```
#[macro_export]
macro_rules! kind_messages {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $( ( $( $arg:ident : $ty:ty = $sample:expr ),+ ) )?
                    => [ $ky:expr, $ru:expr, $en:expr $(,)? ]
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant $( ( $( $ty ),+ ) )?, )+
        }

        impl $crate::messages::KindMsg for $name {
            fn texts(&self) -> [::std::string::String; 3] {
                match self {
                    $( $name::$variant $( ( $( $arg ),+ ) )? => [
                        ::std::string::String::from($ky),
                        ::std::string::String::from($ru),
                        ::std::string::String::from($en),
                    ], )+
                }
            }
        }

        impl $name {
            /// One of each message, as `Msg`s (the kind's `FactKind::messages`).
            pub fn samples() -> ::std::vec::Vec<$crate::messages::Msg> {
                ::std::vec![ $( $name::$variant $( ( $( $sample ),+ ) )?.into(), )+ ]
            }
        }
    };
}
