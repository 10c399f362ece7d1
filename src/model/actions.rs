//! What a form asks the server to do. Each is a closed set sent as its lower-case name
//! (`decision=approve`): the page writes the value from the variant, the server function takes the
//! enum, and an unknown value is refused when the request is read (422), never matched by hand.

use serde::{Deserialize, Serialize};

macro_rules! form_action {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $value)] $variant),+ }

        impl $name {
            /// The value a form's button sends.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }
        }
    };
}

form_action! {
    /// An org admin's decision on a claim or a filing.
    Decision { Approve => "approve", Reject => "reject" }
}

form_action! {
    /// A step of a class's lifecycle: open it for check-in (or reopen), close it out, or cancel it
    /// before it is held.
    LifecycleStep { Open => "open", Close => "close", Cancel => "cancel" }
}

form_action! {
    /// An admin's change to a class's roster.
    RosterEdit { Add => "add", Remove => "remove" }
}

impl Decision {
    pub fn approves(self) -> bool {
        self == Decision::Approve
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_value_reads_as_its_action_and_nothing_else_does() {
        #[derive(Deserialize)]
        struct Form {
            decision: Decision,
        }
        let read = |value: &str| serde_json::from_value::<Form>(serde_json::json!({ "decision": value })).map(|f| f.decision);
        assert_eq!(read("approve").unwrap(), Decision::Approve);
        assert_eq!(read(Decision::Reject.as_str()).unwrap(), Decision::Reject);
        assert!(read("Approve").is_err());
        assert!(read("delete").is_err());
    }
}
