//! Stage 3: combining the words' matches into documents: every word
//! ([`intersect_all`]) or, for a relaxed query, any of them ([`union_all`]).

use super::rank::Scored;
use crate::sort::sort_short_by;

/// Documents in every list (rarest list first), their matches combined.
pub(crate) fn intersect_all(lists: &[Vec<Scored>]) -> Vec<Scored> {
    let mut order: Vec<&Vec<Scored>> = Vec::with_capacity(lists.len());
    for l in lists {
        order.push(l);
    }
    sort_short_by(&mut order, |a, b| a.len().cmp(&b.len()));
    let Some((first, rest)) = order.split_first() else {
        return Vec::new();
    };
    let mut acc = (*first).clone();
    for l in rest {
        if acc.is_empty() {
            break;
        }
        acc = intersect(&acc, l);
    }
    acc
}

/// Documents in both sorted lists, their matches combined.
fn intersect(a: &[Scored], b: &[Scored]) -> Vec<Scored> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].doc.cmp(&b[j].doc) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                out.push(a[i].and(&b[j]));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Documents in any list, sorted by doc, each with the matches of the words
/// it has combined (so [`Scored::words`] tells how many words it matched).
pub(crate) fn union_all(lists: &[Vec<Scored>]) -> Vec<Scored> {
    let mut acc: Vec<Scored> = Vec::new();
    for l in lists {
        acc = union(&acc, l, Scored::and);
    }
    acc
}

/// Documents in either sorted list (each doc once per list); a doc in both
/// gets `both` of its two matches.
pub(crate) fn union(
    a: &[Scored],
    b: &[Scored],
    both: fn(&Scored, &Scored) -> Scored,
) -> Vec<Scored> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        let (x, y) = (a.get(i), b.get(j));
        match (x, y) {
            (Some(x), Some(y)) if x.doc == y.doc => {
                out.push(both(x, y));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.doc < y.doc => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(doc: u32, bit: usize, score: f32) -> Scored {
        Scored {
            words: 1 << bit,
            score,
            ..Scored::plain(doc)
        }
    }

    #[test]
    fn union_combines_each_documents_words_and_intersection_keeps_only_all() {
        let lists = vec![
            vec![hit(1, 0, 1.0), hit(3, 0, 1.0)],
            vec![hit(3, 1, 2.0), hit(4, 1, 2.0)],
            vec![hit(0, 2, 0.5), hit(3, 2, 0.5)],
        ];
        let u = union_all(&lists);
        let got: Vec<(u32, u16, f32)> = u.iter().map(|s| (s.doc, s.words, s.score)).collect();
        assert_eq!(got, [(0, 4, 0.5), (1, 1, 1.0), (3, 7, 3.5), (4, 2, 2.0)]);
        let i = intersect_all(&lists);
        assert_eq!(i.len(), 1);
        assert_eq!((i[0].doc, i[0].words, i[0].score), (3, 7, 3.5));
    }
}
