//! The one error type of the public API: every error names the field it is about, so that the
//! page can point at the control and an embedder can tell what to fix.

use crate::policy::PolicyError;

/// Bad input: a missing field, a wrong type, an unknown enum value, an impossible date, an answer
/// that contradicts another, or a policy value that makes no sense.
///
/// `field` is the answer field (`diploma`), a path into it (`policy.intake_months[2]`), or the
/// argument itself (`answers`, `policy`, `text`) when the whole value is of the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InputError {
    pub field: String,
    pub message: String,
}

impl InputError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Turns a deserialisation failure at `path` into an error naming the field.
    ///
    /// `path` is where in the value it failed (`intake_months[2]`; empty or `.` for the value
    /// itself), as `serde_path_to_error` prints it. `root` names the whole argument (`answers`,
    /// `policy`) and is used when the value itself is of the wrong shape; `prefix` goes before a
    /// path inside it (`""` for answers, whose field names are the form's control names;
    /// `"policy."` for policy keys). serde reports a missing field at the level of the struct
    /// holding it, so the field's name is taken from serde's own "missing field `x`" wording
    /// (serde_json appends " at line … column …").
    pub fn from_path(root: &str, prefix: &str, path: &str, message: &str) -> Self {
        let at_root = path.is_empty() || path == ".";
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| crate::split_once_ascii(rest, b'`'))
            .map(|(name, _)| name)
        {
            let field = if at_root {
                format!("{prefix}{missing}")
            } else {
                format!("{prefix}{path}.{missing}")
            };
            return Self::new(field, "required field is missing");
        }
        if at_root {
            Self::new(root, message)
        } else {
            Self::new(format!("{prefix}{path}"), message)
        }
    }
}

impl From<PolicyError> for InputError {
    fn from(error: PolicyError) -> Self {
        Self::new(format!("policy.{}", error.key), error.message)
    }
}
