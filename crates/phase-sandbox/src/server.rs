//! The accept loop. It serves HTTP/1.1 with hyper directly (rather than `axum::serve`) so
//! that an injected [`Fault::ConnectionReset`](crate::Fault::ConnectionReset) can drop a
//! connection without sending any response bytes.

use std::sync::Arc;

use axum::response::IntoResponse;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::faults::ConnKill;

/// Accepts connections until `shutdown` changes (or its sender is dropped).
pub async fn run(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = shutdown.changed() => break,
        };
        let Ok((stream, _peer)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let kill_for_requests = kill.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut()
                    .insert(ConnKill(kill_for_requests.clone()));
                // Each request runs in its own task, so that (like a real server) it runs to
                // completion even if the client goes away, e.g. after a client-side timeout.
                let handling = tokio::spawn(app.clone().oneshot(req.map(axum::body::Body::new)));
                async move {
                    match handling.await {
                        Ok(result) => result,
                        Err(_) => Ok(axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()),
                    }
                }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                biased;
                _ = kill.notified() => {}
                _ = conn => {}
                _ = shutdown.changed() => {}
            }
        });
    }
}
