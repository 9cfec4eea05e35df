//! What counts as the same character: Latin letters in any case, and full-width forms
//! (ＰＤＦ, （, ２０２２) as their half-width ones. Folding maps one character to exactly one
//! character, so a position in folded text is the same position in the original text.

/// Folds one character: full-width ASCII forms (U+FF01–U+FF5E) to ASCII, the ideographic space
/// to a space, and capital letters to small ones — Latin (ASCII, Latin-1, Latin Extended-A),
/// Greek and Cyrillic; other scripts stay as they are. Case is folded by arithmetic on these
/// blocks rather than with `char::to_lowercase`, whose Unicode tables would triple the wasm.
pub fn fold(c: char) -> char {
    let code = c as u32;
    let code = match code {
        0xFF01..=0xFF5E => code - 0xFEE0,
        0x3000 => 0x20,
        _ => code,
    };
    let lower = match code {
        // A–Z; À–Þ except ×; Greek Α–Ω (U+03A2 is unassigned); Cyrillic А–Я.
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            code + 0x20
        }
        // Cyrillic Ѐ–Џ.
        0x400..=0x40F => code + 0x50,
        // Latin Extended-A: capital/small pairs, capital first; the odd ones out excluded.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,
        0x178 => 0xFF,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `text` with every character folded: as many characters as `text`, in the same order.
pub fn normalize(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// Characters a term never contains: terms are separated by them, and the index never records
/// a pair of characters with one of them in it. The same set as `char::is_whitespace` (Unicode
/// White_Space), written out.
pub fn is_separator(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The terms of a query: folded, split at white space, each once, in the order typed.
pub fn terms(query: &str) -> Vec<String> {
    let folded = normalize(query);
    let mut terms: Vec<String> = Vec::new();
    for term in folded.split(is_separator).filter(|t| !t.is_empty()) {
        if !terms.iter().any(|t| t == term) {
            terms.push(term.to_string());
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_width() {
        assert_eq!(normalize("ＰＤＦ格式（Word）"), "pdf格式(word)");
        assert_eq!(normalize("２０２２年"), "2022年");
        assert_eq!(normalize("Élan İ ĀĹŸ ΣΑ ДЁ ×"), "élan İ āĺÿ σα дё ×");
        assert_eq!(normalize("学信网\u{3000}A"), "学信网 a");
        for text in ["ＰＤＦ（）", "İstanbul", "一段简单"] {
            assert_eq!(normalize(text).chars().count(), text.chars().count());
        }
    }

    #[test]
    fn folds_as_unicode_does_where_it_folds() {
        for c in (0..0x500).filter_map(char::from_u32) {
            let folded = fold(c);
            if folded != c {
                assert_eq!(
                    c.to_lowercase().collect::<String>(),
                    folded.to_string(),
                    "{c}"
                );
            }
        }
        for c in ['A', 'Z', 'À', 'Þ', 'Ā', 'Ĺ', 'Ŋ', 'Ž', 'Α', 'Ω', 'Ѐ', 'Я'] {
            assert_ne!(fold(c), c, "{c}");
        }
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(is_separator(c), c.is_whitespace(), "{:x}", c as u32);
        }
    }

    #[test]
    fn splits_terms_at_any_white_space() {
        assert_eq!(terms("  学信网\u{3000}PDF pdf\tＰＤＦ "), ["学信网", "pdf"]);
        assert!(terms(" \u{3000} ").is_empty());
    }
}
