//! The answers as a link: `checker.html#v1.<answers>`, a fragment (never sent to any server) that
//! opens the same form and result anywhere. Compact and versioned; pure, so tested natively.
//!
//! Format `v1.` then one token per question of [`QUESTIONS`], in page order, without separators
//! (each token's length is known from its control):
//! - a choice: `1` (true) or `0` (false);
//! - a select: the option's position in [`Question::options`](crate::routing::Question::options), one digit;
//! - a date: `YYYYMMDD`;
//! - any question unanswered: `-`.
//!
//! A value the form could not hold (an odd radio value, a date that is not a day) is written as
//! unanswered. Decoding is strict: anything else is refused, never guessed.

use crate::calendar::Date;
use crate::routing::{Control, RawAnswers, QUESTIONS};

/// The version this page writes and reads.
const PREFIX: &str = "v1.";

/// Why a fragment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareError {
    /// Written by another version of the page (`v2.…`).
    OtherVersion,
    /// Cut short, changed by hand, or not ours.
    Damaged,
}

/// The fragment (without `#`) for the raw answers.
pub fn encode(raw: &RawAnswers) -> String {
    let mut out = String::from(PREFIX);
    for question in QUESTIONS.iter() {
        let value = raw.get(question.field).unwrap_or_default();
        match question.control {
            Control::Choice => out.push(match value {
                "true" => '1',
                "false" => '0',
                _ => '-',
            }),
            Control::Select => match question
                .options
                .iter()
                .position(|option| *option == value)
                .and_then(|index| char::from_digit(u32::try_from(index).ok()?, 10))
            {
                Some(digit) => out.push(digit),
                None => out.push('-'),
            },
            Control::Date => match Date::parse(value) {
                Some(date) => out.push_str(&date.compact()),
                None => out.push('-'),
            },
        }
    }
    out
}

/// The raw answers of a fragment (with or without its leading `#`).
pub fn decode(fragment: &str) -> Result<RawAnswers, ShareError> {
    let fragment = fragment.strip_prefix("#").unwrap_or(fragment);
    let Some(mut rest) = fragment.strip_prefix(PREFIX) else {
        let versioned = fragment
            .strip_prefix("v")
            .and_then(|tail| crate::split_once_ascii(tail, b'.'))
            .is_some_and(|(number, _)| {
                !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
            });
        return Err(if versioned {
            ShareError::OtherVersion
        } else {
            ShareError::Damaged
        });
    };
    let mut values: Vec<(&str, String)> = Vec::with_capacity(QUESTIONS.len());
    for question in QUESTIONS.iter() {
        let (value, tail) = if let Some(tail) = rest.strip_prefix("-") {
            (String::new(), tail)
        } else {
            match question.control {
                Control::Choice => {
                    let (token, tail) = split(rest, 1)?;
                    let value = match token {
                        "1" => "true",
                        "0" => "false",
                        _ => return Err(ShareError::Damaged),
                    };
                    (value.to_string(), tail)
                }
                Control::Select => {
                    let (token, tail) = split(rest, 1)?;
                    let index = token.parse::<usize>().map_err(|_| ShareError::Damaged)?;
                    let option = question.options.get(index).ok_or(ShareError::Damaged)?;
                    (option.to_string(), tail)
                }
                Control::Date => {
                    let (token, tail) = split(rest, 8)?;
                    let dashed = match (token.get(..4), token.get(4..6), token.get(6..)) {
                        (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
                        _ => return Err(ShareError::Damaged),
                    };
                    let date = Date::parse(&dashed).ok_or(ShareError::Damaged)?;
                    (date.to_string(), tail)
                }
            }
        };
        values.push((question.field, value));
        rest = tail;
    }
    if !rest.is_empty() {
        return Err(ShareError::Damaged);
    }
    Ok(RawAnswers::read(|field| {
        values
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.clone())
    }))
}

/// `text` cut after `len` ASCII bytes; refused when shorter or cut inside a character.
fn split(text: &str, len: usize) -> Result<(&str, &str), ShareError> {
    match (text.get(..len), text.get(len..)) {
        (Some(head), Some(tail)) => Ok((head, tail)),
        _ => Err(ShareError::Damaged),
    }
}

#[cfg(test)]
mod tests;
