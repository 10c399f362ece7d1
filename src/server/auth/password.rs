//! Password hashes (argon2id), computed on a few threads of their own, never more at once.

use super::*;

/// Password hashing runs on a few threads of its own (about one per core), never more at once: each
/// hash holds 19 MiB, and a thread reuses its own memory for the next. A sign-in that cannot get a
/// hasher within [`HASH_QUEUE_WAIT`] is answered 429 with `Retry-After`.
struct Hashers {
    jobs: std::sync::Mutex<std::sync::mpsc::SyncSender<Box<dyn FnOnce() + Send>>>,
    free: tokio::sync::Semaphore,
}

/// How long a sign-in waits for a free hasher before it is asked to come back.
pub const HASH_QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
/// What a refused sign-in is told to wait (seconds).
pub const HASH_RETRY_AFTER: u32 = 2;

fn hashers() -> &'static Hashers {
    static HASHERS: std::sync::OnceLock<Hashers> = std::sync::OnceLock::new();
    HASHERS.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Box<dyn FnOnce() + Send>>(threads);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("hasher-{i}")).spawn(move || loop {
                let job = match rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "starting a password hasher");
            }
        }
        Hashers { jobs: std::sync::Mutex::new(tx), free: tokio::sync::Semaphore::new(threads) }
    })
}

/// Runs `work` on a hasher, waiting at most [`HASH_QUEUE_WAIT`] for one.
async fn on_hasher<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let hashers = hashers();
    let _permit = tokio::time::timeout(HASH_QUEUE_WAIT, hashers.free.acquire())
        .await
        .map_err(|_| AppError::Busy(HASH_RETRY_AFTER))?
        .map_err(|_| AppError::Internal)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Box<dyn FnOnce() + Send> = Box::new(move || {
        let _ = tx.send(work());
    });
    // A permit is held per job and there are as many permits as queue places: this never blocks.
    hashers.jobs.lock().map_err(|_| AppError::Internal)?.send(job).map_err(|_| AppError::Internal)?;
    rx.await.map_err(|_| AppError::Internal)
}

/// Hashes a password with argon2id on a hasher thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    on_hasher(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash on a hasher thread. A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    on_hasher(move || {
        PasswordHash::new(&hash).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
    })
    .await
}
