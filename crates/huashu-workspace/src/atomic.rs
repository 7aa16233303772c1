//! Writing a file so that it is never left half-done: the bytes go to a temporary file in the
//! same directory, which is flushed to disk and then renamed over the target. A reader (or a
//! crash, or a kill) sees the old file or the new one, never a mix.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically. An existing file keeps its permissions; a new one gets
/// `rw-r--r--` on Unix (a temporary file starts as `rw-------`).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A file written in pieces that appears at its path only when [`commit`](Self::commit)ted:
/// until then the bytes go to a temporary file beside it (buffered), which is dropped (deleted)
/// if the writer is dropped first. What [`write()`] does, for output too large to hold.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("report.html");
/// let mut file = huashu_workspace::atomic::AtomicFile::create(&path).unwrap();
/// file.write_all("<p>话术</p>".as_bytes()).unwrap();
/// assert!(!path.exists(), "nothing at the path before the commit");
/// file.commit().unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "<p>话术</p>");
/// ```
#[derive(Debug)]
pub struct AtomicFile {
    path: std::path::PathBuf,
    temp: std::io::BufWriter<tempfile::NamedTempFile>,
    permissions: Option<std::fs::Permissions>,
}

impl AtomicFile {
    /// Starts writing `path`: a temporary file in its directory.
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => Some(meta.permissions()),
            Err(_) => default_permissions(),
        };
        let temp = tempfile::Builder::new()
            .prefix(".huashu-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            path: path.to_owned(),
            temp: std::io::BufWriter::with_capacity(256 * 1024, temp),
            permissions,
        })
    }

    /// Flushes the bytes to disk and renames the temporary file over the path.
    pub fn commit(self) -> std::io::Result<()> {
        let temp = self.temp.into_inner().map_err(|err| err.into_error())?;
        temp.as_file().sync_all()?;
        if let Some(permissions) = self.permissions {
            temp.as_file().set_permissions(permissions)?;
        }
        temp.persist(&self.path).map_err(|err| err.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.temp.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("script.txt");
        std::fs::write(&path, "旧的话术\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write(&path, "新的话术\n".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新的话术\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
