//! A seed's layout: its pieces (one per block) in word-stream order, each with its role, where
//! it sits in the index's word stream and where its text came from. Kept per seed beside its
//! text, so that a listed seed's snippet and section links are found without parsing it.
//!
//! Packed as varints, a few bytes a block: per piece its role (kind in the low three bits,
//! section above), its word count, the gap to its start in the stream, and its origin (kind,
//! then start as a delta from the previous origin's end, and length; or a front-matter field).

use crate::index::{get_varint, put_varint};
use crate::seed::Origin;
use crate::snippet::{Piece, Role};

/// A piece with where its text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub piece: Piece,
    pub origin: Origin,
}

fn role_code(role: Role) -> u32 {
    let (kind, section) = match role {
        Role::Title => (0, 0),
        Role::Heading(s) => (1, s),
        Role::Summary => (2, 0),
        Role::Meta => (3, 0),
        Role::Introduction => (4, 0),
        Role::Body(s) => (5, s),
        Role::Conclusion => (6, 0),
    };
    section.saturating_mul(8) | kind
}

fn role_of(code: u32) -> Option<Role> {
    let section = code >> 3;
    Some(match code & 7 {
        0 => Role::Title,
        1 => Role::Heading(section),
        2 => Role::Summary,
        3 => Role::Meta,
        4 => Role::Introduction,
        5 => Role::Body(section),
        6 => Role::Conclusion,
        _ => return None,
    })
}

/// Packs `pieces` (in stream order, starts ascending).
pub fn pack(pieces: &[Placed]) -> Box<[u8]> {
    let mut out = Vec::with_capacity(pieces.len() * 5);
    let (mut stream_at, mut text_at) = (0u32, 0u32);
    for p in pieces {
        put_varint(&mut out, role_code(p.piece.role));
        put_varint(&mut out, p.piece.words);
        put_varint(&mut out, p.piece.start.saturating_sub(stream_at));
        stream_at = p.piece.start.saturating_add(p.piece.words);
        match p.origin {
            Origin::None => put_varint(&mut out, 0),
            Origin::Text { start, end } => {
                // Origins mostly follow one another; one that goes back is stored whole.
                match start.checked_sub(text_at) {
                    Some(gap) => {
                        put_varint(&mut out, 1);
                        put_varint(&mut out, gap);
                    }
                    None => {
                        put_varint(&mut out, 2);
                        put_varint(&mut out, start);
                    }
                }
                put_varint(&mut out, end.saturating_sub(start));
                text_at = end;
            }
            Origin::Front(field) => {
                put_varint(&mut out, 3);
                put_varint(&mut out, field);
            }
        }
    }
    out.into_boxed_slice()
}

/// Unpacks what [`pack`] wrote; stops at the first malformed piece (none is ever written).
pub fn unpack(bytes: &[u8]) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut at = 0;
    let (mut stream_at, mut text_at) = (0u32, 0u32);
    while at < bytes.len() {
        let mut next = || get_varint(bytes, &mut at);
        let Some(placed) = (|| {
            let role = role_of(next()?)?;
            let words = next()?;
            let start = stream_at.checked_add(next()?)?;
            let origin = match next()? {
                0 => Origin::None,
                kind @ (1 | 2) => {
                    let start = if kind == 1 {
                        text_at.checked_add(next()?)?
                    } else {
                        next()?
                    };
                    let end = start.checked_add(next()?)?;
                    text_at = end;
                    Origin::Text { start, end }
                }
                3 => Origin::Front(next()?),
                _ => return None,
            };
            stream_at = start.checked_add(words)?;
            Some(Placed {
                piece: Piece { role, start, words },
                origin,
            })
        })() else {
            break;
        };
        out.push(placed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_reads_back_as_written() {
        let placed = |role, start, words, origin| Placed {
            piece: Piece { role, start, words },
            origin,
        };
        let pieces = vec![
            placed(Role::Title, 0, 3, Origin::None),
            placed(Role::Heading(0), 4, 2, Origin::Text { start: 90, end: 99 }),
            placed(
                Role::Heading(70),
                6,
                1,
                Origin::Text {
                    start: 120,
                    end: 130,
                },
            ),
            placed(Role::Summary, 8, 10, Origin::Front(2)),
            placed(Role::Body(70), 19, 0, Origin::Text { start: 5, end: 80 }),
            placed(
                Role::Conclusion,
                19,
                400,
                Origin::Text {
                    start: 4_000_000,
                    end: 4_000_500,
                },
            ),
        ];
        assert_eq!(unpack(&pack(&pieces)), pieces);
        assert!(
            unpack(&[0x80]).is_empty(),
            "a truncated varint ends the layout"
        );
    }
}
