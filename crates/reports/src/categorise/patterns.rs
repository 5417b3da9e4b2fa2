//! Keywords compiled into one Aho-Corasick automaton, run once over a normalised name.
//!
//! A keyword becomes a pattern padded with spaces (`" uber "`), so it only matches whole words;
//! a keyword ending in `*` keeps no closing space (`" supermer"`) and matches a word prefix.
//! Several rules may share a keyword: each pattern maps to the list of its targets.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use super::normalise::{Normalised, normalise};

/// Compiled keywords; `T` says what a match means (a rule index, a channel).
#[derive(Clone, Debug)]
pub(crate) struct PatternSet<T> {
    automaton: AhoCorasick,
    /// For pattern `p`, its targets are `targets[ranges[p].0..ranges[p].1]`.
    ranges: Vec<(u32, u32)>,
    targets: Vec<T>,
}

/// A keyword that normalises to nothing (`"123"`, `"*"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EmptyKeyword;

/// The pattern of a keyword: its normalised words padded with spaces.
pub(crate) fn pattern_of(keyword: &str) -> Result<Vec<u8>, EmptyKeyword> {
    let trimmed = keyword.trim();
    let (body, prefix) = match trimmed.strip_suffix('*') {
        Some(body) => (body, true),
        None => (trimmed, false),
    };
    let words = normalise(body);
    if words.is_empty() {
        return Err(EmptyKeyword);
    }
    let mut pattern = Vec::with_capacity(words.len() + 2);
    pattern.push(b' ');
    pattern.extend_from_slice(words.as_bytes());
    if !prefix {
        pattern.push(b' ');
    }
    Ok(pattern)
}

impl<T: Copy> PatternSet<T> {
    /// Builds the automaton. `dfa` trades memory for speed (the standard rules use it; an app's
    /// overrides, built per app, do not).
    pub(crate) fn build(
        entries: impl IntoIterator<Item = (Vec<u8>, T)>,
        dfa: bool,
    ) -> Result<PatternSet<T>, aho_corasick::BuildError> {
        // A BTreeMap so the automaton is the same on every run.
        let mut by_pattern: BTreeMap<Vec<u8>, Vec<T>> = BTreeMap::new();
        for (pattern, target) in entries {
            by_pattern.entry(pattern).or_default().push(target);
        }
        let mut ranges = Vec::with_capacity(by_pattern.len());
        let mut targets = Vec::new();
        for list in by_pattern.values() {
            let start = targets.len() as u32;
            targets.extend_from_slice(list);
            ranges.push((start, targets.len() as u32));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(if dfa { Some(AhoCorasickKind::DFA) } else { None })
            .build(by_pattern.keys())?;
        Ok(PatternSet { automaton, ranges, targets })
    }

    /// Heap bytes the automaton uses.
    #[cfg(test)]
    pub(crate) fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Calls `f` with the target of every keyword found in `text`, overlapping matches
    /// included, in no particular order.
    pub(crate) fn for_each_match(&self, text: &Normalised, mut f: impl FnMut(T)) {
        for found in self.automaton.find_overlapping_iter(Input::new(text.padded())) {
            let Some(&(start, end)) = self.ranges.get(found.pattern().as_usize()) else { continue };
            for target in self.targets.get(start as usize..end as usize).unwrap_or(&[]) {
                f(*target);
            }
        }
    }
}
