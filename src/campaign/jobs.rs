//! The figure imports running or finished on this instance: the campaign area's own app data
//! (`web::Data<ImportJobs>`, registered in `startup::app`), shared by every worker.

use crate::campaign::import::Progress;
use crate::ids::{CampaignId, ImportJobId, UserId};

/// A figure import: its id, the campaign it imports into, who started it, and its progress.
struct Job {
    id: ImportJobId,
    campaign_id: CampaignId,
    owner: UserId,
    progress: std::sync::Arc<Progress>,
}

/// The figure imports running or finished on this instance, by id, with their campaign and
/// their owner's user id. Kept in memory: an import is one transaction, so its progress cannot
/// be read from the database while it runs. At most [`ImportJobs::KEEP`] are remembered; the oldest
/// finished one is forgotten first, so a running import keeps its progress page.
#[derive(Clone, Default)]
pub struct ImportJobs {
    inner: std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<Job>>>,
}

impl ImportJobs {
    pub const KEEP: usize = 100;

    pub fn insert(
        &self,
        id: ImportJobId,
        campaign_id: CampaignId,
        owner: UserId,
        progress: std::sync::Arc<Progress>,
    ) {
        if let Ok(mut q) = self.inner.lock() {
            if q.len() >= Self::KEEP {
                let oldest_done = q.iter().position(|j| j.progress.is_finished());
                q.remove(oldest_done.unwrap_or(0));
            }
            q.push_back(Job {
                id,
                campaign_id,
                owner,
                progress,
            });
        }
    }

    /// The job with this id, when it imports into `campaign_id` and `owner` started it.
    pub fn get(
        &self,
        id: &ImportJobId,
        campaign_id: &CampaignId,
        owner: &UserId,
    ) -> Option<std::sync::Arc<Progress>> {
        let q = self.inner.lock().ok()?;
        q.iter()
            .find(|j| &j.id == id && &j.campaign_id == campaign_id && &j.owner == owner)
            .map(|j| j.progress.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_job_is_found_only_under_its_campaign_and_owner() {
        let jobs = ImportJobs::default();
        jobs.insert(
            "j".into(),
            "c1".into(),
            "u1".into(),
            Arc::new(Progress::new(3)),
        );
        assert!(jobs.get(&"j".into(), &"c1".into(), &"u1".into()).is_some());
        assert!(
            jobs.get(&"j".into(), &"c2".into(), &"u1".into()).is_none(),
            "another campaign's URL"
        );
        assert!(
            jobs.get(&"j".into(), &"c1".into(), &"u2".into()).is_none(),
            "another user"
        );
    }

    #[test]
    fn a_full_list_forgets_the_oldest_finished_job_first() {
        let jobs = ImportJobs::default();
        let running = Arc::new(Progress::new(1));
        jobs.insert("running".into(), "c".into(), "u".into(), running);
        for i in 0..ImportJobs::KEEP {
            let p = Arc::new(Progress::new(1));
            p.finish(Ok(1));
            jobs.insert(format!("done{i}").into(), "c".into(), "u".into(), p);
        }
        assert!(
            jobs.get(&"running".into(), &"c".into(), &"u".into())
                .is_some(),
            "the running one stays"
        );
        assert!(
            jobs.get(&"done0".into(), &"c".into(), &"u".into())
                .is_none(),
            "the oldest finished one went"
        );
        assert!(jobs
            .get(&"done1".into(), &"c".into(), &"u".into())
            .is_some());
    }
}
