//! Finding cases on disk and naming their categories.

use std::path::{Path, PathBuf};

use crate::case::{LuaCase, SessionCase};

/// A case of either kind.
#[derive(Clone, Debug)]
pub enum Case {
    Session(SessionCase),
    Lua(LuaCase),
}

impl Case {
    pub fn path(&self) -> &Path {
        match self {
            Case::Session(c) => &c.path,
            Case::Lua(c) => &c.path,
        }
    }
}

/// The corpus folder: `$FERROUS_CORPUS`, else `corpus/` of the workspace this binary was built in.
pub fn default_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("FERROUS_CORPUS") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("corpus")
}

/// The case's category: the first two folders of its path below the corpus root.
pub fn category(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let folders: Vec<String> = rel
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    if folders.is_empty() {
        "(top)".to_string()
    } else {
        folders
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The path of a case relative to the corpus root, with `/` separators: its name in reports and
/// in the ratchet list.
pub fn case_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every case file below `paths` (files or folders), sorted by path. Files that are neither
/// `.case` nor `.lua` are ignored; `.lua` files used as `@FILE` arguments of a session case are
/// not cases themselves and live in folders named `scripts`.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Case>, String> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files)?;
    }
    files.sort();
    files.dedup();
    let mut cases = Vec::new();
    for f in files {
        match f.extension().and_then(|e| e.to_str()) {
            Some("case") => cases.push(Case::Session(SessionCase::load(&f)?)),
            Some("lua") => cases.push(Case::Lua(LuaCase::load(&f)?)),
            _ => {}
        }
    }
    Ok(cases)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    // An explicit stack: folder depth is not ours to bound.
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if dir.file_name().is_some_and(|n| n == "scripts") {
            continue;
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_two_folders_deep() {
        let root = Path::new("/c");
        assert_eq!(
            category(root, Path::new("/c/eval/cjson/deep/x.case")),
            "eval/cjson"
        );
        assert_eq!(category(root, Path::new("/c/lua/x.lua")), "lua");
        assert_eq!(category(root, Path::new("/c/x.lua")), "(top)");
        assert_eq!(case_name(root, Path::new("/c/eval/x.case")), "eval/x.case");
    }

    #[test]
    fn discovery_skips_scripts_folders_and_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/scripts")).unwrap();
        std::fs::write(d.join("a/one.case"), "> PING\n").unwrap();
        std::fs::write(d.join("a/two.lua"), "print(1)\n").unwrap();
        std::fs::write(d.join("a/two.expected"), "exit 0\n").unwrap();
        std::fs::write(d.join("a/scripts/helper.lua"), "return 1\n").unwrap();
        std::fs::write(d.join("a/README.md"), "x\n").unwrap();
        let cases = discover(&[d.to_path_buf()]).unwrap();
        let names: Vec<_> = cases.iter().map(|c| case_name(d, c.path())).collect();
        assert_eq!(names, vec!["a/one.case", "a/two.lua"]);
    }
}
