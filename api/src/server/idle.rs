//! Connections that go silent are closed: no byte read or written for `server.idle_timeout_ms`
//! ends the connection with an error, whatever it was doing.
//!
//! A client that sends half its request headers and stops (slowloris) held its connection
//! and file descriptor forever: poem gives hyper no timer, so hyper's own header timeout never
//! runs, and poem's `Server::idle_timeout` only asks hyper to close gracefully, which waits for
//! the half-read request. This wraps each accepted connection instead. The limit must exceed
//! the longest silence a healthy connection has: a request's run time
//! (`server.request_timeout_ms`) and, for an open WebSocket, the server's ping interval
//! (`server.websocket_ping_interval_ms`); the configuration checks both.

use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Accepts like `inner`, each connection under the idle limit.
pub(super) struct IdleAcceptor<A> {
    inner: A,
    idle: Duration,
}

impl<A> IdleAcceptor<A> {
    pub(super) fn new(inner: A, idle: Duration) -> IdleAcceptor<A> {
        IdleAcceptor { inner, idle }
    }
}

impl<A: Acceptor> Acceptor for IdleAcceptor<A> {
    type Io = IdleIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(
        &mut self,
    ) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, poem::http::uri::Scheme)> {
        let (io, local, remote, scheme) = self.inner.accept().await?;
        Ok((IdleIo::new(io, self.idle), local, remote, scheme))
    }
}

/// A connection that fails once it has been silent for `idle`.
pub struct IdleIo<T> {
    inner: T,
    idle: Duration,
    /// When a byte last went either way.
    last: Instant,
    /// Armed for `last + idle` (moved on lazily, when it fires: no timer work per byte).
    deadline: Pin<Box<Sleep>>,
}

impl<T> IdleIo<T> {
    fn new(inner: T, idle: Duration) -> IdleIo<T> {
        let now = Instant::now();
        IdleIo {
            inner,
            idle,
            last: now,
            deadline: Box::pin(tokio::time::sleep_until(now + idle)),
        }
    }

    /// Whether the connection has been silent too long (registering `cx` for when it will
    /// have been, otherwise).
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        loop {
            if self.deadline.as_mut().poll(cx).is_pending() {
                return false;
            }
            let due = self.last + self.idle;
            if Instant::now() >= due {
                return true;
            }
            self.deadline.as_mut().reset(due);
        }
    }

    fn timed_out() -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, "connection idle")
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.last = Instant::now();
                }
                Poll::Ready(result)
            }
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(Self::timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.last = Instant::now();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(Self::timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending if self.expired(cx) => Poll::Ready(Err(Self::timed_out())),
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn silence_ends_the_connection_traffic_keeps_it() {
        let (mut client, server) = tokio::io::duplex(64);
        let idle = Duration::from_millis(200);
        let mut io = IdleIo::new(server, idle);
        let mut buf = [0u8; 8];
        // Traffic every 120 ms keeps it open past the limit.
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_millis(120)).await;
            client.write_all(b"x").await.unwrap();
            assert_eq!(io.read(&mut buf).await.unwrap(), 1);
        }
        // Then silence: the read fails once the limit has passed.
        let started = Instant::now();
        let err = io.read(&mut buf).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= idle - Duration::from_millis(20));
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
