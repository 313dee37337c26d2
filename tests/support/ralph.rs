#![allow(dead_code)]
//! Ralph, the xAPI Learning Record Store the LRS tests run against: started on loopback from
//! the virtualenv `./test.sh` prepares (scripts/lrs-venv.sh, named in `RAPPORT_RALPH_PYTHON`),
//! with its file-system backend, strict statement validation and HTTP Basic auth.

use serde_json::Value;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USER: &str = "rapport-ci";
pub const PASSWORD: &str = "loopback-only-secret";

pub fn ralph_python() -> Option<PathBuf> {
    match std::env::var_os("RAPPORT_RALPH_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None if std::env::var_os("RAPPORT_REQUIRE_LRS").is_some() => {
            panic!("RAPPORT_REQUIRE_LRS is set but RAPPORT_RALPH_PYTHON names no Python with Ralph")
        }
        None => {
            eprintln!("skipped: no Ralph LRS (run ./test.sh, which installs it)");
            None
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Ralph {
    pub child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Ralph {
    pub fn start(python: &Path) -> Ralph {
        let dir = tempfile::tempdir().unwrap();
        let auth = dir.path().join("auth.json");
        let made = Command::new(python)
            .args([
                "-c",
                "import bcrypt, json, sys; json.dump([{'agent': {'mbox': 'mailto:ci@example.com'}, \
                 'scopes': ['all'], 'username': sys.argv[2], \
                 'hash': bcrypt.hashpw(sys.argv[3].encode(), bcrypt.gensalt()).decode()}], open(sys.argv[1], 'w'))",
            ])
            .arg(&auth)
            .args([USER, PASSWORD])
            .status()
            .unwrap();
        assert!(made.success());
        std::fs::create_dir_all(dir.path().join("statements")).unwrap();
        let port = free_port();
        let child = Command::new(python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/ralph_lrs.py"))
            .arg(port.to_string())
            .env("RALPH_AUTH_FILE", &auth)
            .env(
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH",
                dir.path().join("statements"),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ralph = Ralph {
            child,
            port,
            _dir: dir,
        };
        let start = Instant::now();
        while ralph.get_statements().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "Ralph did not start"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        ralph
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    /// Every statement Ralph holds, read back over its xAPI.
    pub fn get_statements(&self) -> Option<Vec<Value>> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(5)))
            .http_status_as_error(false)
            .build()
            .into();
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
        let mut response = agent
            .get(format!("{}statements?limit=1000", self.endpoint()))
            .header("Authorization", format!("Basic {token}"))
            .header("X-Experience-API-Version", "1.0.3")
            .call()
            .ok()?;
        if response.status() != 200 {
            return None;
        }
        let body: Value = serde_json::from_str(&response.body_mut().read_to_string().ok()?).ok()?;
        Some(body["statements"].as_array()?.clone())
    }
}

impl Ralph {
    /// POSTs statements as another tool would; returns the HTTP status.
    pub fn post(&self, statements: &Value) -> u16 {
        use base64::Engine as _;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build()
            .into();
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
        agent
            .post(format!("{}statements", self.endpoint()))
            .header("Authorization", format!("Basic {token}"))
            .header("X-Experience-API-Version", "1.0.3")
            .content_type("application/json")
            .send(statements.to_string())
            .unwrap()
            .status()
            .as_u16()
    }
}

/// An HTTP proxy in front of Ralph that can fail requests: `fail` sees each request line and
/// answers with a status of its own instead of forwarding (an LRS going down, a `more` link
/// that expired). One request per connection.
pub struct Proxy {
    pub port: u16,
}

impl Proxy {
    pub fn start(target: u16, fail: impl Fn(&str) -> Option<u16> + Send + Sync + 'static) -> Proxy {
        use std::io::{Read, Write};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let fail = std::sync::Arc::new(fail);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { break };
                let fail = std::sync::Arc::clone(&fail);
                std::thread::spawn(move || {
                    let Some((head, body)) = read_request(&mut client) else {
                        return;
                    };
                    let line = head.lines().next().unwrap_or_default().to_owned();
                    if let Some(status) = fail(&line) {
                        let _ = client.write_all(
                            format!("HTTP/1.1 {status} Failed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .as_bytes(),
                        );
                        return;
                    }
                    let head: String = head
                        .lines()
                        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
                        .map(|l| format!("{l}\r\n"))
                        .collect();
                    let Ok(mut upstream) = std::net::TcpStream::connect(("127.0.0.1", target))
                    else {
                        return;
                    };
                    let _ =
                        upstream.write_all(format!("{head}Connection: close\r\n\r\n").as_bytes());
                    let _ = upstream.write_all(&body);
                    let mut answer = Vec::new();
                    let _ = upstream.read_to_end(&mut answer);
                    let _ = client.write_all(&answer);
                });
            }
        });
        Proxy { port }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }
}

/// The request's head (without the blank line) and body.
pub fn read_request(stream: &mut std::net::TcpStream) -> Option<(String, Vec<u8>)> {
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = stream.read(&mut chunk).ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some((head, buf[end + 4..end + 4 + length].to_vec()));
        }
    }
}
