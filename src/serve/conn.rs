//! Connections whose HTTP-level errors look like every other answer.
//!
//! hyper answers a request it cannot parse (a bad request line, a URI over 64 KB, headers over
//! its buffer) by itself, before any handler runs: a bare status line, no body and none of the
//! headers the middleware adds. [`Listener`] wraps each accepted connection so that such an
//! answer goes out as the API's own: a JSON body `{"error": ...}` and the security headers.
//! The answers of the router always carry `Content-Security-Policy`, so they are never touched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::CONTENT_SECURITY_POLICY;

/// A TCP listener whose connections rewrite hyper's bare error answers (see the module's doc).
pub(crate) struct Listener(pub(crate) TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Conn;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Conn, Self::Addr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (
            Conn {
                inner: stream,
                pending: Vec::new(),
                sent: 0,
            },
            addr,
        )
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// One connection: reads pass through; a bare error answer is replaced on its way out.
pub(crate) struct Conn {
    inner: TcpStream,
    /// The replacement being written, and how much of it is out.
    pending: Vec<u8>,
    sent: usize,
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.pending.is_empty() {
            match replacement(buf) {
                Some(answer) => {
                    this.pending = answer;
                    this.sent = 0;
                }
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        // hyper calls again with the same bytes while this returns Pending.
        while this.sent < this.pending.len() {
            match Pin::new(&mut this.inner).poll_write(cx, &this.pending[this.sent..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => this.sent += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        this.pending.clear();
        this.sent = 0;
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Not vectored: hyper then writes each answer's head as one buffer, which `replacement`
    // sees whole.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// The API's answer for `head` when it is one of hyper's bare error answers: a 4xx or 5xx
/// head with an empty body and no security policy.
fn replacement(head: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(head).ok()?;
    let rest = text
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| text.strip_prefix("HTTP/1.0 "))?;
    let status: u16 = rest.get(..3)?.parse().ok()?;
    let lower = text.to_ascii_lowercase();
    if !(400..600).contains(&status)
        || !lower.ends_with("\r\n\r\n")
        || lower.matches("\r\n\r\n").count() != 1
        || !lower.contains("\r\ncontent-length: 0\r\n")
        || lower.contains("content-security-policy")
    {
        return None;
    }
    let message = match status {
        400 => {
            "bad request: the request line or a header is not valid HTTP/1.1 \
                (a URL must be percent-encoded ASCII)"
        }
        414 => "URI too long: a request's URL may have at most 16384 bytes",
        431 => "request headers too large",
        505 => "HTTP version not supported: use HTTP/1.1",
        _ => "the request could not be read",
    };
    let body = serde_json::json!({ "error": message }).to_string();
    let reason = rest.get(4..)?.split("\r\n").next().unwrap_or("");
    Some(
        format!(
            "HTTP/1.1 {status} {reason}\r\n\
             content-type: application/json\r\n\
             content-length: {}\r\n\
             content-security-policy: {CONTENT_SECURITY_POLICY}\r\n\
             x-content-type-options: nosniff\r\n\
             referrer-policy: no-referrer\r\n\
             cache-control: no-cache\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::replacement;

    #[test]
    fn bare_errors_get_a_json_body_and_the_headers() {
        let bare = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Sun, 06 Dec 2026 19:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(replacement(bare).unwrap()).unwrap();
        assert!(out.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{out}");
        assert!(out.contains("\r\ncontent-security-policy: default-src 'self'"));
        assert!(out.contains("\r\nx-content-type-options: nosniff\r\n"));
        let (_, body) = out.split_once("\r\n\r\n").unwrap();
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(v["error"].as_str().unwrap().starts_with("URI too long"));
        // The router's own answers are left alone.
        for ok in [
            &b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\ncontent-security-policy: x\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}",
            b"{\"a\":1}",
        ] {
            assert!(replacement(ok).is_none(), "{}", String::from_utf8_lossy(ok));
        }
    }
}
