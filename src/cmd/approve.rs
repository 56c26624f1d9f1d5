//! `schoolgate approve PHOTO... --by NAME` and `schoolgate approve --pending`.
//!
//! Approving records the photo's content hash, the approver (who must be on
//! the staff list) and the time in the private approvals file (see
//! [`schoolgate::approvals`]). `--pending` builds the site in memory, exactly as
//! `build` would, and lists each published photo that shows pupils and has
//! no approval for its current bytes, with the pages that use it.

use std::path::{Path, PathBuf};

use crate::cli::ApproveArgs;
use schoolgate::approvals::{self, Approval, Approvals};
use schoolgate::audit::rules::approval;
use schoolgate::config::Config;
use schoolgate::error::{self, BuildError};
use schoolgate::faces;
use schoolgate::progress::Progress;
use schoolgate::register;
use schoolgate::site::AssetKind;
use schoolgate::source::build;

use super::Exit;

pub fn run(args: ApproveArgs) -> Exit {
    let result = if args.pending { pending(&args) } else { approve(&args) };
    match result {
        Ok(()) => Exit::Clean,
        Err(errors) => {
            eprint!("{}", error::render(&errors, &args.root));
            Exit::InputError
        }
    }
}

fn approve(args: &ApproveArgs) -> Result<(), Vec<BuildError>> {
    let root = &args.root;
    let config = Config::load(root).map_err(|e| vec![e])?;
    let path = Approvals::path(root, &config).map_err(|e| vec![e])?;
    let Some(staff_settings) = &config.staff else {
        return Err(vec![BuildError::Other {
            message: "photos can only be approved by someone on the staff list, and this site has none".into(),
            hint: "Add a [staff] section with the path of the staff list (CSV) to schoolgate.toml.".into(),
        }]);
    };
    let staff = register::load_staff(&root.join(&staff_settings.path)).map_err(|e| vec![e])?;
    let by = args.by.as_deref().unwrap_or_default();
    let approver = approvals::find_approver(by, &staff).map_err(|e| {
        vec![BuildError::Other {
            message: format!("approval refused: {e}"),
            hint: format!(
                "Write the approver's name as it is on the staff list ({}), e.g. --by \"Mrs A Jones\".",
                staff.source.display()
            ),
        }]
    })?;
    let by = approvals::display_name(approver);

    // Read every photo first: one bad path approves nothing.
    let mut errors = Vec::new();
    let mut read = Vec::new();
    for photo in &args.photos {
        let file = locate(photo, root);
        if !AssetKind::from_path(&file.to_string_lossy()).shows_people() {
            errors.push(BuildError::Other {
                message: format!("{} is not a photo", photo.display()),
                hint: "Give the path of a JPEG, PNG, WebP or GIF photo or an MP4/MOV video, e.g. content/news/trip/coach.jpg.".into(),
            });
            continue;
        }
        match schoolgate::input::read_input(&file, schoolgate::limits::MAX_ASSET_BYTES) {
            // A video's approval binds to the bytes the build publishes
            // (personal boxes neutralised, pictures and sound unchanged):
            // the audit sees only those.
            Ok(bytes) if schoolgate::video::is_video(&bytes) => match schoolgate::video::strip(&bytes) {
                Ok(clean) => read.push((file, faces::content_hash(&clean))),
                Err(e) => errors.push(schoolgate::publish::video_refused(&file, &e)),
            },
            Ok(bytes) => read.push((file, faces::content_hash(&bytes))),
            Err(e) => errors.push(e.into()),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut list = Approvals::load(&path).map_err(|e| vec![e])?;
    let at = chrono::Utc::now();
    for (file, sha256) in &read {
        let photo = relative(file, root);
        list.record(Approval { photo: photo.clone(), sha256: sha256.clone(), by: by.clone(), at });
        println!("Approved {photo} (by {by}).");
    }
    list.save(&path).map_err(|e| vec![e])?;
    eprintln!("Recorded in {}. Editing or replacing a photo voids its approval.", relative(&path, root));
    Ok(())
}

fn pending(args: &ApproveArgs) -> Result<(), Vec<BuildError>> {
    let root = &args.root;
    let today = super::today();
    let built = build::build_site(root, today, &Progress::hidden())?;
    let mut session = built.session(today).map_err(|e| vec![e])?;
    session.detect_faces &= !args.no_faces;
    let audited = session.run(&built.site).map_err(|e| vec![e])?;
    if let Some(stats) = &audited.face_stats {
        eprintln!("{stats}");
    }
    let (ctx, usage) = (&audited.context, &audited.report.photo_usage);
    let mut waiting = Vec::new();
    for asset in &built.site.assets {
        let Some(why) = approval::shows_pupils(asset, usage, ctx) else { continue };
        if ctx.approvals.is_approved(&approval::photo_hash(asset, ctx), ctx.staff.as_ref()) {
            continue;
        }
        let file = asset.source.as_ref().map(|s| relative(&s.path, root)).unwrap_or_else(|| asset.url.clone());
        let pages: Vec<String> = usage.get(&asset.url).pages.iter().map(|p| p.url.clone()).collect();
        waiting.push((file, why, pages));
    }
    if waiting.is_empty() {
        println!("No photos are waiting for approval.");
        return Ok(());
    }
    waiting.sort_by(|a, b| a.0.cmp(&b.0));
    println!("{} photo(s) of pupils need approval before they can be published:", waiting.len());
    for (file, why, pages) in &waiting {
        println!("  {file} ({why})");
        match pages.len() {
            0 => println!("    used on no page (but published)"),
            _ => println!("    used on {}", pages.join(", ")),
        }
    }
    let files: Vec<&str> = waiting.iter().map(|(f, _, _)| f.as_str()).collect();
    println!("\nAfter checking them, approve with:\n  schoolgate approve {} --by \"Your Name\"", files.join(" "));
    Ok(())
}

/// The photo as typed, or relative to the site root when the typed path
/// does not exist from here.
fn locate(photo: &Path, root: &Path) -> PathBuf {
    if photo.exists() || photo.is_absolute() { photo.to_path_buf() } else { root.join(photo) }
}

/// `file` relative to `root` when inside it, with forward slashes.
fn relative(file: &Path, root: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let rel = abs(file).strip_prefix(abs(root)).map(Path::to_path_buf).unwrap_or_else(|_| file.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}
