//! An incremental base64 decoder for `ContentTransferEncoded`.
//!
//! Written here rather than taken from the `base64` crate because that
//! crate's streaming decoder wants an `io::Read` over contiguous text, while
//! the XML reader hands over the text in pieces (split by comments, CDATA
//! sections and character references) and the leftover quartet has to be
//! carried between them; the state for that is four bytes.
//!
//! Leniency follows what senders do: whitespace and line breaks anywhere are
//! skipped (76-column wrapping, CRLF, indentation), and missing final padding
//! is accepted. Anything that makes the bytes ambiguous is refused: a
//! character outside the standard alphabet, `=` in the middle of a quartet,
//! data after the final padding, or a lone character at the end.

use std::fmt;

/// Why the encoded text is not base64. Offsets count the encoded characters
/// fed so far, whitespace included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A byte outside the alphabet and not whitespace.
    Byte { offset: u64, byte: u8 },
    /// `=` where no padding can be (first two places of a quartet) or a data
    /// character after `=` within a quartet.
    Padding { offset: u64 },
    /// More data after a quartet closed by padding.
    AfterPadding { offset: u64 },
    /// The text ended one character into a quartet, which encodes nothing.
    Truncated,
    /// Decoding further would pass the caller's byte limit.
    Limit,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Byte { offset, byte } => {
                write!(
                    f,
                    "byte 0x{byte:02X} at encoded offset {offset} is not base64"
                )
            }
            DecodeError::Padding { offset } => {
                write!(f, "misplaced padding at encoded offset {offset}")
            }
            DecodeError::AfterPadding { offset } => {
                write!(f, "data after the final padding at encoded offset {offset}")
            }
            DecodeError::Truncated => f.write_str("the text ends in the middle of a quartet"),
            DecodeError::Limit => f.write_str("the decoded size limit was reached"),
        }
    }
}

const INVALID: u8 = 0xFF;

/// Standard alphabet (RFC 4648 §4) to 6-bit values.
const TABLE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decoding state carried between pieces of text: at most one partial
/// quartet, so memory stays constant whatever the attachment's size.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    quad: [u8; 4],
    /// Characters (data or `=`) in `quad`.
    filled: usize,
    /// `=` characters in `quad`.
    padding: usize,
    /// A quartet closed by padding has been seen: only whitespace may follow.
    closed: bool,
    /// Encoded characters seen, for error offsets.
    offset: u64,
}

impl Decoder {
    /// Decodes `input`, appending to `out`. Fails with
    /// [`DecodeError::Limit`] before `out` would grow past `max_out` bytes,
    /// so a caller can stop a too-large attachment at once.
    pub(crate) fn feed(
        &mut self,
        input: &[u8],
        out: &mut Vec<u8>,
        max_out: usize,
    ) -> Result<(), DecodeError> {
        for &byte in input {
            let offset = self.offset;
            self.offset += 1;
            if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                continue;
            }
            if self.closed {
                return Err(DecodeError::AfterPadding { offset });
            }
            if byte == b'=' {
                if self.filled < 2 {
                    return Err(DecodeError::Padding { offset });
                }
                self.quad[self.filled] = 0;
                self.filled += 1;
                self.padding += 1;
            } else {
                let value = TABLE[usize::from(byte)];
                if value == INVALID {
                    return Err(DecodeError::Byte { offset, byte });
                }
                if self.padding > 0 {
                    return Err(DecodeError::Padding { offset });
                }
                self.quad[self.filled] = value;
                self.filled += 1;
            }
            if self.filled == 4 {
                let data = 4 - self.padding;
                self.emit(data, out, max_out)?;
                self.closed = self.padding > 0;
                self.filled = 0;
                self.padding = 0;
            }
        }
        Ok(())
    }

    /// Decodes what is left of the last quartet. Unpadded endings (two or
    /// three characters) are accepted, as are endings padded with one `=`
    /// too few.
    pub(crate) fn finish(&mut self, out: &mut Vec<u8>, max_out: usize) -> Result<(), DecodeError> {
        let data = self.filled - self.padding;
        let result = match data {
            0 if self.filled == 0 => Ok(()),
            2 | 3 => self.emit(data, out, max_out),
            _ => Err(DecodeError::Truncated),
        };
        *self = Decoder::default();
        result
    }

    /// Writes the bytes of the current quartet's `data` characters (2, 3 or 4
    /// of them give 1, 2 or 3 bytes).
    fn emit(&self, data: usize, out: &mut Vec<u8>, max_out: usize) -> Result<(), DecodeError> {
        let count = data - 1;
        if out.len() + count > max_out {
            return Err(DecodeError::Limit);
        }
        let [a, b, c, d] = self.quad;
        let bytes = [
            a << 2 | b >> 4,
            (b & 0x0F) << 4 | c >> 2,
            (c & 0x03) << 6 | d,
        ];
        out.extend_from_slice(&bytes[..count]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_pieces(pieces: &[&[u8]]) -> Result<Vec<u8>, DecodeError> {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        for piece in pieces {
            decoder.feed(piece, &mut out, usize::MAX)?;
        }
        decoder.finish(&mut out, usize::MAX)?;
        Ok(out)
    }

    fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
        decode_pieces(&[text.as_bytes()])
    }

    #[test]
    fn rfc_4648_test_vectors_decode() {
        for (encoded, plain) in [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
        ] {
            assert_eq!(decode(encoded), Ok(plain.as_bytes().to_vec()), "{encoded}");
        }
    }

    #[test]
    fn every_byte_value_survives() {
        let all: Vec<u8> = (0..=255).collect();
        // Encoded with Python's base64.b64encode(bytes(range(256))).
        let encoded = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEy\
                       MzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2Rl\
                       ZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeY\
                       mZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrL\
                       zM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==";
        assert_eq!(decode(encoded), Ok(all));
    }

    #[test]
    fn whitespace_and_line_breaks_anywhere_are_skipped() {
        assert_eq!(decode(" Zm9v\r\nYm\tFy \n"), Ok(b"foobar".to_vec()));
        assert_eq!(decode("Z m 9 v Y g = ="), Ok(b"foob".to_vec()));
    }

    #[test]
    fn a_quartet_split_across_pieces_is_carried_over() {
        assert_eq!(
            decode_pieces(&[b"Zm", b"9vY", b"", b"mFy"]),
            Ok(b"foobar".to_vec())
        );
        assert_eq!(decode_pieces(&[b"Zm9vYg=", b"="]), Ok(b"foob".to_vec()));
        for split in 0..=8 {
            let text = b"Zm9vYmE=";
            assert_eq!(
                decode_pieces(&[&text[..split], &text[split..]]),
                Ok(b"fooba".to_vec()),
                "{split}"
            );
        }
    }

    #[test]
    fn missing_final_padding_is_accepted() {
        assert_eq!(decode("Zg"), Ok(b"f".to_vec()));
        assert_eq!(decode("Zm8"), Ok(b"fo".to_vec()));
        assert_eq!(decode("Zg="), Ok(b"f".to_vec()));
    }

    #[test]
    fn characters_outside_the_alphabet_are_refused_with_their_offset() {
        assert_eq!(
            decode("Zm9v-mFy"),
            Err(DecodeError::Byte {
                offset: 4,
                byte: b'-'
            })
        );
        assert!(matches!(
            decode("Zm9v\u{0}"),
            Err(DecodeError::Byte { byte: 0, .. })
        ));
        assert!(matches!(decode("Zm9vă"), Err(DecodeError::Byte { .. })));
    }

    #[test]
    fn misplaced_padding_is_refused() {
        assert_eq!(decode("="), Err(DecodeError::Padding { offset: 0 }));
        assert_eq!(decode("Z==="), Err(DecodeError::Padding { offset: 1 }));
        assert_eq!(decode("Zm=v"), Err(DecodeError::Padding { offset: 3 }));
    }

    #[test]
    fn data_after_the_final_padding_is_refused() {
        assert_eq!(
            decode("Zg==Zg=="),
            Err(DecodeError::AfterPadding { offset: 4 })
        );
        assert_eq!(decode("Zg==\n  "), Ok(b"f".to_vec()));
    }

    #[test]
    fn a_lone_final_character_is_refused() {
        assert_eq!(decode("Zm9vY"), Err(DecodeError::Truncated));
    }

    #[test]
    fn the_limit_stops_decoding_before_it_is_passed() {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        assert_eq!(
            decoder.feed(b"Zm9vYmFy", &mut out, 5),
            Err(DecodeError::Limit)
        );
        assert_eq!(out, b"foo");
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        assert_eq!(decoder.feed(b"Zm9vYmE=", &mut out, 5), Ok(()));
        assert_eq!(out, b"fooba");
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        decoder.feed(b"Zm9vYmE", &mut out, 4).unwrap();
        assert_eq!(decoder.finish(&mut out, 4), Err(DecodeError::Limit));
    }
}
