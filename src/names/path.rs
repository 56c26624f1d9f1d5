//! Turning a URL or file name into words, so `/news/HarryPatel_sports-day2.jpg`
//! reads as "news | harry patel sports day 2 jpg".

use crate::site::percent_decode;

/// Words of each path segment, segments kept apart by " | " so a name is
/// never made from the end of one folder and the start of the next.
pub fn path_words(path: &str) -> String {
    let decoded = percent_decode(&path.replace('+', " "));
    let mut out = String::with_capacity(decoded.len() + 8);
    for segment in decoded.split(['/', '\\', '?', '#', '&', '=']) {
        let words = segment_words(segment);
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(" | ");
        }
        out.push_str(&words.join(" "));
    }
    out
}

/// Splits one segment on punctuation (`-` `_` `.` space…), on camel case
/// (`HarryPatel`, `IMGHarry`) and between letters and digits (`Patel2`).
/// Apostrophes stay inside words, so `O'Neill` is one word.
pub fn segment_words(segment: &str) -> Vec<String> {
    let chars: Vec<char> = segment.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let keep = c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}');
        if !keep {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next = chars.get(i + 1).copied();
            let lower_to_upper = prev.is_lowercase() && c.is_uppercase();
            // "IMGHarry": split before the H, the last capital of a run.
            let acronym_end = prev.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase);
            let digit_edge = (prev.is_alphabetic() && c.is_numeric()) || (prev.is_numeric() && c.is_alphabetic());
            if (lower_to_upper || acronym_end || digit_edge) && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_ways_file_names_are_written() {
        assert_eq!(segment_words("HarryPatel_sports-day2.JPG"), ["Harry", "Patel", "sports", "day", "2", "JPG"]);
        assert_eq!(segment_words("IMGHarry"), ["IMG", "Harry"]);
        assert_eq!(segment_words("zoe.o'neill"), ["zoe", "o'neill"]);
        assert_eq!(path_words("/news/harry%20patel+wins/"), "news | harry patel wins");
        assert_eq!(path_words("/a/Zo%C3%ABO%27Neill.jpg"), "a | Zoë O'Neill jpg");
    }
}
