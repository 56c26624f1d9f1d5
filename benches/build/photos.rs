//! Deterministic synthetic photos. Big camera-sized JPEGs are slow to
//! encode, so each one is made once and kept in a cache folder; sites get
//! copies.

use std::path::{Path, PathBuf};

use image::{ImageEncoder, RgbImage};

/// A tiny deterministic generator (splitmix64): the same seed always gives
/// the same site, so runs on different days are comparable.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn float(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A playground-like scene: sky and grass gradients, a few figures, and
/// fine sensor-like noise so the JPEG is as large as a real photo's.
fn draw(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = Rng::new(seed);
    let sky = [120.0 + 60.0 * rng.float(), 160.0 + 40.0 * rng.float(), 230.0];
    let grass = [60.0, 140.0 + 40.0 * rng.float(), 50.0];
    let horizon = height as f32 * (0.4 + 0.2 * rng.float());
    let figures: Vec<(f32, f32, f32, [f32; 3])> = (0..6)
        .map(|_| {
            let r = height as f32 * (0.05 + 0.08 * rng.float());
            let colour = [255.0 * rng.float(), 255.0 * rng.float(), 255.0 * rng.float()];
            (width as f32 * rng.float(), horizon + r * 0.5, r, colour)
        })
        .collect();
    let mut img = RgbImage::new(width, height);
    for (y, row) in img.rows_mut().enumerate() {
        let yf = y as f32;
        let (base, t) =
            if yf < horizon { (sky, yf / horizon) } else { (grass, (yf - horizon) / (height as f32 - horizon)) };
        for (x, px) in row.enumerate() {
            let xf = x as f32;
            let mut c = [base[0] * (1.0 - 0.3 * t), base[1] * (1.0 - 0.2 * t), base[2] * (1.0 - 0.3 * t)];
            for (fx, fy, r, colour) in &figures {
                let (dx, dy) = ((xf - fx) / r, (yf - fy) / (r * 2.0));
                if dx * dx + dy * dy < 1.0 {
                    c = *colour;
                }
            }
            // Cheap per-pixel hash noise (±6 levels).
            let h = (x as u32).wrapping_mul(0x9E37_79B1) ^ (y as u32).wrapping_mul(0x85EB_CA77) ^ seed as u32;
            let h = h ^ (h >> 15);
            let n = (h.wrapping_mul(0x2C1B_3C6D) >> 28) as f32 - 8.0;
            *px = image::Rgb([
                (c[0] + n).clamp(0.0, 255.0) as u8,
                (c[1] + n).clamp(0.0, 255.0) as u8,
                (c[2] + n).clamp(0.0, 255.0) as u8,
            ]);
        }
    }
    img
}

fn encode_jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .expect("encode JPEG");
    out
}

/// Puts an XMP packet naming `people` (IPTC PersonInImage, as Lightroom
/// writes it) into a JPEG right after its JFIF header.
fn with_people_tags(jpeg: Vec<u8>, people: &[String]) -> Vec<u8> {
    let lis: String = people.iter().map(|p| format!("<rdf:li>{p}</rdf:li>")).collect();
    let xmp = format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\">\
         <Iptc4xmpExt:PersonInImage><rdf:Bag>{lis}</rdf:Bag></Iptc4xmpExt:PersonInImage>\
         </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    );
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(xmp.as_bytes());
    // After SOI, and after APP0 (JFIF) if present.
    let mut at = 2;
    if jpeg[2..4] == [0xFF, 0xE0] {
        at = 4 + u16::from_be_bytes([jpeg[4], jpeg[5]]) as usize;
    }
    let mut out = Vec::with_capacity(jpeg.len() + payload.len() + 4);
    out.extend_from_slice(&jpeg[..at]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// Makes (or reuses from `cache_dir`) `count` untagged photos of the given
/// size and returns their paths, encoding on all cores.
pub fn camera_photos(cache_dir: &Path, count: usize, width: u32, height: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(cache_dir).expect("create photo cache");
    let paths: Vec<PathBuf> =
        (0..count).map(|i| cache_dir.join(format!("photo-{width}x{height}-{i:04}.jpg"))).collect();
    let missing: Vec<(usize, &PathBuf)> = paths.iter().enumerate().filter(|(_, p)| !p.is_file()).collect();
    parallel(&missing, |(i, path)| {
        let bytes = encode_jpeg(&draw(width, height, 1000 + *i as u64));
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, bytes).expect("write photo");
        std::fs::rename(&tmp, path).expect("rename photo");
    });
    paths
}

/// Writes `people.len()` small tagged photos into `dir` (the audit does not
/// resize, so size matters little; the metadata is what it reads).
pub fn tagged_photos(dir: &Path, people: &[Vec<String>]) -> Vec<String> {
    let names: Vec<String> = (0..people.len()).map(|i| format!("class-photo-{i:04}.jpg")).collect();
    let base = encode_jpeg(&draw(800, 600, 7));
    let jobs: Vec<usize> = (0..people.len()).collect();
    parallel(&jobs, |i| {
        std::fs::write(dir.join(&names[*i]), with_people_tags(base.clone(), &people[*i])).expect("write photo");
    });
    names
}

/// Runs `f` over `items` on all cores (std only; the generator must not
/// depend on anything the product might change).
fn parallel<T: Sync>(items: &[T], f: impl Fn(&T) + Sync) {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    f(item);
                }
            });
        }
    });
}
