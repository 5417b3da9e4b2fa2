use std::io::{self, Write};
use tracing_subscriber::fmt::MakeWriter;

/// A log writer that masks personal data and secrets in each formatted line before writing it.
/// The formatter hands over one whole event per `write` call, so patterns never straddle calls.
#[derive(Clone, Copy, Debug)]
pub struct RedactingWriter<W> {
    make: W,
}

impl RedactingWriter<fn() -> io::Stderr> {
    pub fn stderr() -> Self {
        Self { make: io::stderr }
    }
}

impl<W> RedactingWriter<W> {
    pub fn new(make: W) -> Self {
        Self { make }
    }
}

pub struct Redacting<T>(T);

impl<T: Write> Write for Redacting<T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(ponte_domain::redact(text).as_bytes())?,
            Err(_) => self.0.write_all(ponte_domain::redact(&String::from_utf8_lossy(buf)).as_bytes())?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<'a, W> MakeWriter<'a> for RedactingWriter<W>
where
    W: MakeWriter<'a>,
{
    type Writer = Redacting<W::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        Redacting(self.make.make_writer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn log_lines_are_masked() {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber =
            tracing_subscriber::fmt().json().with_writer(RedactingWriter::new(move || sink.clone())).finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(
                tax_id = "76109277673",
                "login for 11.222.333/0001-81 with secretKey sk_abcdefghijklmnopqrstuvwxyz0123456789ABCD"
            );
        });
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("76109277673"), "{text}");
        assert!(!text.contains("11.222.333/0001-81"), "{text}");
        assert!(!text.contains("sk_abcdefghijklmnopqrstuvwxyz0123456789ABCD"), "{text}");
        assert!(text.contains("login for"), "{text}");
    }
}
