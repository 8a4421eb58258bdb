//! The cache of prepared images: in memory by content hash, bounded and
//! least recently used out, with the on-disk store behind it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{Format, ImageError, Limits, MIB, PIPELINE_VERSION, Prepared, prepare};

/// Cache key: everything that changes the result, hashed.
type Key = [u8; 32];

fn cache_key(bytes: &[u8], target_width_px: u32, limits: &Limits) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(PIPELINE_VERSION);
    hasher.update(target_width_px.to_le_bytes());
    // Limits decide between success and "te groot", so they are part of the key.
    hasher.update(limits.max_pixels.to_le_bytes());
    hasher.update(limits.max_file_bytes.to_le_bytes());
    hasher.update(bytes);
    hasher.finalize().into()
}

/// Bookkeeping cost of one entry besides its bytes (key, struct, map slot);
/// it keeps a flood of cached errors bounded too.
pub(super) const ENTRY_OVERHEAD: u64 = 256;

struct CacheEntry {
    result: Result<Prepared, ImageError>,
    cost: u64,
    last_used: u64,
}

#[derive(Default)]
struct CacheInner {
    map: HashMap<Key, CacheEntry>,
    total_bytes: u64,
    clock: u64,
}

/// A process-wide cache by content hash (sha256 of bytes + target width) so
/// batch and watch never prepare the same photo twice; bounded by total
/// prepared bytes, evicting the least recently used entry. Errors are cached
/// too, so watch mode does not re-decode a broken 12 MP photo on every save.
pub struct Cache {
    inner: Mutex<CacheInner>,
    capacity_bytes: AtomicU64,
    /// Prepared images kept between runs; only the global cache uses it.
    disk: Option<&'static crate::image_store::Store>,
}

impl Cache {
    /// Capacity of [`Cache::global`]: the photos of a few reports (watch
    /// needs one); the disk store keeps the rest. Batch lowers it to
    /// [`Cache::BATCH_CAPACITY_BYTES`].
    pub const DEFAULT_CAPACITY_BYTES: u64 = 48 * MIB;

    /// Capacity for a class in batch: every group has its own photos, so
    /// keeping them after their group is done only costs memory (and the
    /// disk store has them for a second run). Room remains for pictures that
    /// all groups share, a logo or a map the teacher handed out.
    pub const BATCH_CAPACITY_BYTES: u64 = 8 * MIB;

    /// An empty cache holding at most `capacity_bytes` of prepared images.
    pub fn new(capacity_bytes: u64) -> Self {
        Self {
            inner: Mutex::new(CacheInner::default()),
            capacity_bytes: AtomicU64::new(capacity_bytes),
            disk: None,
        }
    }

    /// The cache shared by the whole process.
    pub fn global() -> &'static Cache {
        static GLOBAL: OnceLock<Cache> = OnceLock::new();
        GLOBAL.get_or_init(|| Cache {
            disk: crate::image_store::Store::global(),
            ..Cache::new(Cache::DEFAULT_CAPACITY_BYTES)
        })
    }

    /// Like [`prepare`], but returns the stored result (same `Arc`) when the
    /// same bytes were prepared before with the same width and limits.
    pub fn prepare(
        &self,
        bytes: &[u8],
        target_width_px: u32,
        limits: &Limits,
    ) -> Result<Prepared, ImageError> {
        let key = cache_key(bytes, target_width_px, limits);
        self.prepare_keyed(key, bytes, target_width_px, limits)
    }

    /// Prepares many images in parallel (rayon), results in input order.
    /// Identical items in one batch are prepared once.
    pub fn prepare_all(
        &self,
        items: &[(&[u8], u32)],
        limits: &Limits,
    ) -> Vec<Result<Prepared, ImageError>> {
        let keys: Vec<Key> = items
            .par_iter()
            .map(|(bytes, width)| cache_key(bytes, *width, limits))
            .collect();
        let mut first_index: HashMap<Key, usize> = HashMap::new();
        for (index, key) in keys.iter().enumerate() {
            first_index.entry(*key).or_insert(index);
        }
        let mut unique: Vec<(Key, usize)> = first_index.into_iter().collect();
        // Largest files first: a big photo started last would leave the
        // other threads idle at the end. The order also no longer depends
        // on the map's.
        unique.sort_by_key(|&(_, index)| (std::cmp::Reverse(items[index].0.len()), index));
        let done: HashMap<Key, Result<Prepared, ImageError>> = unique
            .into_par_iter()
            .map(|(key, index)| {
                let (bytes, width) = items[index];
                (key, self.prepare_keyed(key, bytes, width, limits))
            })
            .collect();
        keys.iter().map(|key| done[key].clone()).collect()
    }

    /// Number of cached results.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes accounted to cached results.
    pub fn total_bytes(&self) -> u64 {
        self.lock().total_bytes
    }

    /// Bytes of prepared images this cache keeps at most.
    pub fn capacity(&self) -> u64 {
        self.capacity_bytes.load(AtomicOrdering::Relaxed)
    }

    /// Sets the capacity, dropping least recently used results to fit.
    pub fn set_capacity(&self, capacity_bytes: u64) {
        self.capacity_bytes
            .store(capacity_bytes, AtomicOrdering::Relaxed);
        self.lock().shrink_to(capacity_bytes);
    }

    /// Drops every cached result.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.map.clear();
        inner.total_bytes = 0;
    }

    fn lock(&self) -> MutexGuard<'_, CacheInner> {
        // Nothing panics while the lock is held, and the map stays consistent
        // at every step, so a poisoned lock is still safe to use.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn prepare_keyed(
        &self,
        key: Key,
        bytes: &[u8],
        target_width_px: u32,
        limits: &Limits,
    ) -> Result<Prepared, ImageError> {
        if let Some(stored) = self.lock().get(&key) {
            return stored;
        }
        // Prepared without the lock held, so other images proceed in
        // parallel; two threads racing on the same new image both work, and
        // the first to insert wins.
        let result = match self.disk.and_then(|d| d.load(&key)) {
            Some(stored) => Ok(stored),
            None => {
                let result = prepare(bytes, target_width_px, limits);
                // SVG passes through untouched: storing it would gain nothing.
                if let (Some(disk), Ok(p)) = (self.disk, &result)
                    && p.format != Format::Svg
                {
                    disk.save(&key, p);
                }
                result
            }
        };
        let cost = ENTRY_OVERHEAD + result.as_ref().map_or(0, |p| p.bytes.len() as u64);
        let capacity = self.capacity_bytes.load(AtomicOrdering::Relaxed);
        if cost > capacity {
            return result;
        }
        let mut inner = self.lock();
        if let Some(stored) = inner.get(&key) {
            // Lost the race: hand out the stored Arc so callers share one copy.
            return stored;
        }
        let now = inner.clock;
        inner.map.insert(
            key,
            CacheEntry {
                result: result.clone(),
                cost,
                last_used: now,
            },
        );
        inner.total_bytes += cost;
        inner.shrink_to(capacity);
        result
    }
}

impl CacheInner {
    /// The stored result for `key`, marked as the most recently used; the
    /// clock advances either way, so an insert after a miss is the newest.
    fn get(&mut self, key: &Key) -> Option<Result<Prepared, ImageError>> {
        self.clock += 1;
        let now = self.clock;
        let entry = self.map.get_mut(key)?;
        entry.last_used = now;
        Some(entry.result.clone())
    }

    /// Drops least recently used entries until at most `capacity` bytes remain.
    fn shrink_to(&mut self, capacity: u64) {
        while self.total_bytes > capacity {
            let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(key, _)| *key)
            else {
                break;
            };
            if let Some(evicted) = self.map.remove(&oldest) {
                self.total_bytes -= evicted.cost;
            }
        }
    }
}

impl Default for Cache {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY_BYTES)
    }
}

/// Prepare many images in parallel (rayon), results in input order. Goes
/// through [`Cache::global`], so a photo used twice, in one batch or across
/// watch rebuilds, is prepared once.
pub fn prepare_all(items: &[(&[u8], u32)], limits: &Limits) -> Vec<Result<Prepared, ImageError>> {
    Cache::global().prepare_all(items, limits)
}
