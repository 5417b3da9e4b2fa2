//! Files of the sandbox's key material. Each file is written to a temporary name with its final mode
//! and then renamed into place: a private key is never readable by others, not even for an instant,
//! and a crash mid-write never leaves a half-written certificate behind.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::PkiError;

/// Private keys: the owner only.
pub(crate) const PRIVATE: u32 = 0o600;
/// Certificates, the JWKS and notes: anyone may read them (they hold no secret).
pub(crate) const PUBLIC: u32 = 0o644;
/// Directories holding private keys.
pub(crate) const PRIVATE_DIR: u32 = 0o700;
/// The sandbox directory: others may reach `ca.pem` by its name but not list what else is there.
pub(crate) const TRAVERSABLE_DIR: u32 = 0o711;

/// Creates `path` (and missing parents) with `mode`; an existing directory is left as it is, since
/// the operator may have chosen its permissions.
pub(crate) fn ensure_dir(path: &Path, mode: u32) -> Result<(), PkiError> {
    if path.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(mode);
        builder.create(path).map_err(|e| PkiError::io(path, e))?;
        // The umask may have taken bits away (0711 becomes 0700 under umask 077); this directory
        // is ours, so give it exactly the mode it needs.
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| PkiError::io(path, e))
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        builder.create(path).map_err(|e| PkiError::io(path, e))
    }
}

/// The file's bytes, or `None` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, PkiError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(PkiError::io(path, e)),
    }
}

/// Replaces `path` with `contents`, created with `mode`.
pub(crate) fn write_atomic(path: &Path, contents: &[u8], mode: u32) -> Result<(), PkiError> {
    let tmp = tmp_path(path);
    let result = write_new(&tmp, contents, mode).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| PkiError::io(path, e))
}

/// Writes `contents` unless the file already holds exactly them (derived files are refreshed on
/// every start without touching their modification time needlessly).
pub(crate) fn write_if_changed(path: &Path, contents: &[u8], mode: u32) -> Result<(), PkiError> {
    if read_optional(path)?.as_deref() == Some(contents) {
        return Ok(());
    }
    write_atomic(path, contents, mode)
}

fn write_new(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
    // A leftover of a crash may carry any mode: start afresh instead of reusing it.
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path)?;
    #[cfg(unix)]
    if mode == PUBLIC {
        // Under a strict umask a public file would come out unreadable to others; `ca.pem` must be
        // readable. Private files keep what the umask gave them: it can only be stricter.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    file.write_all(contents)?;
    file.sync_all()
}

fn tmp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}
