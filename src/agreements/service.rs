//! A placement's agreement: drafted by the jobcenter's consultant from the contract's terms, sent
//! to the company, accepted or sent back by a signatory, and versioned and hashed like the
//! contract itself: the states, actions and rules are the contract's (`contracts::workflow`), a
//! change after acceptance is a new version, and an accepted version never changes again.

use std::collections::HashMap;

use crate::ids::{PlacementId, UserId};

use crate::agreements::model::{
    AgreementRaw, AgreementTerms, Bounds, CanonicalAgreement, Step, HASH_FORMAT,
};
use crate::agreements::store::{self, AgreementRow, AgreementVersionRow};
use crate::auth::model::Actor;
use crate::contracts::store::{self as contract_store, ContractRow};
use crate::contracts::workflow::{Action, ContractStatus, Situation, VersionStatus};
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldErrors};
use crate::mail::model::Kind;
use crate::seats::store::{self as seat_store, PlacementRow};
use crate::texts::agreements as ta;

/// A placement's agreement as its pages and the API show it to one actor.
#[derive(Debug, Clone)]
pub struct AgreementView {
    pub placement: PlacementRow,
    pub contract: ContractRow,
    pub company_name: String,
    pub candidate_name: String,
    pub head: Option<AgreementRow>,
    /// The versions the actor may see (the company side sees none still in draft).
    pub versions: Vec<AgreementVersionRow>,
    /// What is shown: the pending version if the actor may see it, else the accepted one; for
    /// a placement without an agreement, the consultant's proposal (version 0).
    pub shown: Option<(AgreementVersionRow, AgreementTerms)>,
    pub proposal: Option<AgreementTerms>,
    pub situation: Situation,
    /// The company's mentors, (id, name): whom the agreement may name.
    pub mentors: Vec<(String, String)>,
    pub names: HashMap<String, String>,
    pub may_draft: bool,
    pub may_review: bool,
    /// The hash the pending version would be accepted with.
    pub pending_hash: Option<String>,
}

impl AgreementView {
    pub fn revision(&self) -> i32 {
        self.head.as_ref().map(|h| h.revision).unwrap_or(0)
    }

    /// The state of the agreement as a whole, in the contract's words.
    pub fn status(&self) -> Option<ContractStatus> {
        self.head.as_ref().map(|_| self.situation.status())
    }

    pub fn name_of(&self, user: &str) -> String {
        self.names.get(user).cloned().unwrap_or_default()
    }

    /// The terms shown (or proposed).
    pub fn terms(&self) -> Option<&AgreementTerms> {
        self.shown
            .as_ref()
            .map(|(_, t)| t)
            .or(self.proposal.as_ref())
    }

    /// The pending version, if the actor may see it.
    pub fn pending(&self) -> Option<&AgreementVersionRow> {
        let n = self.head.as_ref()?.pending_version?;
        self.versions.iter().find(|v| v.version_no == n)
    }

    pub fn accepted(&self) -> Option<&AgreementVersionRow> {
        let n = self.head.as_ref()?.accepted_version?;
        self.versions.iter().find(|v| v.version_no == n)
    }
}

/// Loads the placement and its contract for `actor`: 404 for whoever may not see the contract,
/// and for the company side while the placement has no seat (a waiting or cancelled referral).
fn placement_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &PlacementId,
) -> Result<(PlacementRow, ContractRow), AppError> {
    let p = seat_store::get_placement(conn, id)?.ok_or(AppError::NotFound)?;
    let c = contract_store::get_contract(conn, &p.contract_id)?.ok_or(AppError::NotFound)?;
    if !actor.may_view_placement(
        &c.parties(),
        matches!(p.status.as_str(), "placed" | "ended"),
    ) {
        return Err(AppError::NotFound);
    }
    Ok((p, c))
}

/// The consultant's proposal for a placement without an agreement: the contract's work tasks,
/// its worksite (or the company's address), its mentor, the placement's period, and a step-up
/// plan of 10, 15 and 20 hours as far as the period reaches.
fn proposal(
    conn: &mut DbConnection,
    p: &PlacementRow,
    c: &ContractRow,
) -> Result<AgreementTerms, AppError> {
    let terms = contract_store::terms_on(conn, &c.id, p.start_date)?;
    let worksite = terms.as_ref().and_then(|t| t.worksite_p_number.clone());
    let site = store::address_of(conn, &c.company_id, worksite.as_deref())?;
    let weeks = crate::agreements::model::placement_week(p.start_date, p.end_date);
    let steps = [(1, 600), (3, 900), (5, 1200)]
        .into_iter()
        .filter(|(w, _)| *w <= weeks)
        .map(|(from_week, minutes_per_week)| Step {
            from_week,
            minutes_per_week,
        })
        .collect();
    Ok(AgreementTerms {
        work_tasks: terms.map(|t| t.work_tasks).unwrap_or_default(),
        place: site,
        mentor_id: c.mentor_id.to_string(),
        start_date: p.start_date,
        end_date: p.end_date,
        steps,
        learning_goals: String::new(),
        employee_rep: None,
    })
}

fn hash_of(p: &PlacementRow, n: i32, terms: &AgreementTerms) -> (String, String) {
    let c = CanonicalAgreement {
        format: HASH_FORMAT,
        placement_id: &p.id,
        contract_id: &p.contract_id,
        candidate_id: &p.candidate_id,
        offer_type: &p.offer_type,
        version: n,
        terms,
    };
    (c.json(), c.hash())
}

/// Everything about a placement's agreement that `actor` may see.
pub fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &PlacementId,
) -> Result<AgreementView, AppError> {
    let (p, c) = placement_for(conn, actor, id)?;
    let head = store::get(conn, id)?;
    let company_side = actor.is_company_side();
    let all = store::versions(conn, id)?;
    let pending_status = head
        .as_ref()
        .and_then(|h| h.pending_version)
        .and_then(|n| all.iter().find(|v| v.version_no == n))
        .map(|v| v.status())
        .transpose()?;
    let versions: Vec<AgreementVersionRow> = all
        .into_iter()
        .filter(|v| !(company_side && v.status == VersionStatus::Draft.code()))
        .collect();
    let accepted_terms = match head.as_ref().and_then(|h| h.accepted_version) {
        Some(n) => versions
            .iter()
            .find(|v| v.version_no == n)
            .map(|v| v.terms())
            .transpose()?,
        None => None,
    };
    let situation = Situation {
        pending: pending_status,
        accepted_period: accepted_terms.as_ref().map(|t| (t.start_date, t.end_date)),
        terminated_on: (p.status == "cancelled").then_some(p.start_date),
        today: crate::clock::today(),
    };
    let shown_no = head.as_ref().and_then(|h| {
        h.pending_version
            .filter(|n| versions.iter().any(|v| v.version_no == *n))
            .or(h.accepted_version)
    });
    let shown = match shown_no.and_then(|n| versions.iter().find(|v| v.version_no == n)) {
        Some(v) => Some((v.clone(), v.terms()?)),
        None => None,
    };
    let may_draft = actor.may_manage_seats(&c.parties());
    let may_review = actor.may_review_contract(&c.parties());
    let proposal = if head.is_none() && may_draft {
        Some(proposal(conn, &p, &c)?)
    } else {
        None
    };
    let pending_hash = match (&shown, head.as_ref().and_then(|h| h.pending_version)) {
        (Some((v, t)), Some(n)) if v.version_no == n => Some(hash_of(&p, n, t).1),
        _ => None,
    };
    // The agreement names the contract's mentor: the one who sees the placement, records its
    // attendance and logs the hours (`Actor::may_record_attendance`).
    let mentors: Vec<(String, String)> = crate::auth::store::active_mentors(conn, &c.company_id)?
        .into_iter()
        .filter(|(m, _)| *m == *c.mentor_id)
        .collect();
    let mut ids: Vec<String> = versions
        .iter()
        .flat_map(|v| {
            [
                Some(v.created_by.clone()),
                v.sent_by.clone(),
                v.accepted_by.clone(),
            ]
        })
        .flatten()
        .collect();
    if let Some((_, t)) = &shown {
        ids.push(t.mentor_id.clone());
    }
    if let Some(t) = &proposal {
        ids.push(t.mentor_id.clone());
    }
    let names = store::names(conn, ids)?;
    let company_name = store::company_name(conn, &c.company_id)?;
    let candidate_name = seat_store::get_candidate(conn, &p.candidate_id)?
        .map(|x| x.name)
        .unwrap_or_default();
    Ok(AgreementView {
        placement: p,
        contract: c,
        company_name,
        candidate_name,
        head,
        versions,
        shown,
        proposal,
        situation,
        mentors,
        names,
        may_draft,
        may_review,
        pending_hash,
    })
}

pub async fn get(db: &Db, actor: &Actor, id: PlacementId) -> Result<AgreementView, AppError> {
    let actor = actor.clone();
    db.read(move |conn| load(conn, &actor, &id)).await
}

/// One version of the agreement, with its terms: 404 when there is none the actor may see.
pub async fn version(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    n: i32,
) -> Result<(AgreementView, AgreementVersionRow, AgreementTerms), AppError> {
    let view = get(db, actor, id).await?;
    let v = view
        .versions
        .iter()
        .find(|v| v.version_no == n)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let terms = v.terms()?;
    Ok((view, v, terms))
}

fn may_draft(view: &AgreementView) -> Result<(), AppError> {
    if !view.may_draft {
        return Err(AppError::Forbidden);
    }
    if view.placement.status != "placed" {
        return Err(AppError::Conflict(ta::NOT_PLACED.into()));
    }
    Ok(())
}

/// Saves the agreement's terms as the consultant typed them: the first draft, a change of the
/// draft (or of a version the company sent back), or, after acceptance, a new version.
/// `expected_revision` is the revision the consultant saw (409 when someone changed it since).
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    expected_revision: Option<i32>,
    raw: AgreementRaw,
) -> Result<AgreementView, AppError> {
    let actor = actor.clone();
    db.write(move |conn| {
        // The agreement's row lock first (PostgreSQL; SQLite's writer is alone), then what it
        // says: two saves or a save and an answer never judge the same stale state.
        store::lock(conn, &id)?;
        let view = load(conn, &actor, &id)?;
        may_draft(&view)?;
        let p = &view.placement;
        let bounds = Bounds {
            start: p.start_date,
            end: p.end_date,
        };
        let mut errors = FieldErrors::new();
        let terms = match AgreementTerms::parse(&raw, bounds) {
            Ok(t) => Some(t),
            Err(e) => {
                errors = e;
                None
            }
        };
        let mentor = raw.mentor_id.trim();
        if !mentor.is_empty() && !view.mentors.iter().any(|(m, _)| m == mentor) {
            errors.add("mentor_id", ta::MENTOR_NOT_OF_COMPANY);
        }
        let terms = match terms {
            Some(t) if errors.is_empty() => t,
            _ => return Err(AppError::Validation(errors)),
        };
        let json = store::terms_json(&terms)?;
        let me = &actor.user_id;
        match &view.head {
            None => {
                if expected_revision.is_some_and(|r| r != 0) {
                    return Err(AppError::Conflict(ta::changed_since_revision(
                        expected_revision.unwrap_or_default(),
                    )));
                }
                store::create(conn, &id, &p.contract_id, &json, me).map_err(|e| {
                    if crate::error::is_unique_violation(&e) {
                        AppError::Conflict(ta::changed_since_revision(0))
                    } else {
                        e.into()
                    }
                })?;
                seat_store::insert_event(conn, &id, &p.contract_id, me, "agreement_drafted", "1")?;
            }
            Some(h) => {
                store::claim(conn, &id, Some(expected_revision.unwrap_or(h.revision)))?;
                match h.pending_version {
                    Some(n) => {
                        view.situation
                            .allows_as(Action::Edit, ta::SUBJECT)
                            .map_err(AppError::Conflict)?;
                        // A version the company sent back is a draft again once it is edited:
                        // the company sees it when it is sent, not before.
                        store::update_terms(conn, &id, n, &json)?;
                    }
                    None => {
                        view.situation
                            .allows_as(Action::Amend, ta::SUBJECT)
                            .map_err(AppError::Conflict)?;
                        let n = view
                            .versions
                            .iter()
                            .map(|v| v.version_no)
                            .max()
                            .unwrap_or(0)
                            + 1;
                        store::insert_version(conn, &id, n, &json, me)?;
                        store::set_pending(conn, &id, Some(n))?;
                        seat_store::insert_event(
                            conn,
                            &id,
                            &p.contract_id,
                            me,
                            "agreement_drafted",
                            &n.to_string(),
                        )?;
                    }
                }
            }
        }
        load(conn, &actor, &id)
    })
    .await
}

/// What happens to a pending agreement.
#[derive(Debug, Clone)]
pub enum AgreementAction {
    /// The consultant sends the draft to the company.
    Send,
    /// A signatory accepts the version sent; with the hash of what they read, when given.
    Accept { content_hash: Option<String> },
    /// A signatory sends it back with a comment.
    RequestChanges { comment: String },
}

pub async fn act(
    db: &Db,
    actor: &Actor,
    id: PlacementId,
    expected_revision: Option<i32>,
    action: AgreementAction,
) -> Result<AgreementView, AppError> {
    if let AgreementAction::RequestChanges { comment } = &action {
        if comment.trim().is_empty() {
            return Err(AppError::field("comment", ta::COMMENT_REQUIRED));
        }
    }
    let actor = actor.clone();
    db.write(move |conn| {
        store::lock(conn, &id)?;
        let view = load(conn, &actor, &id)?;
        let (workflow_action, allowed) = match &action {
            AgreementAction::Send => (Action::Send, view.may_draft),
            AgreementAction::Accept { .. } => (Action::Accept, view.may_review),
            AgreementAction::RequestChanges { .. } => (Action::RequestChanges, view.may_review),
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
        let head = view
            .head
            .as_ref()
            .ok_or(AppError::Conflict(ta::NO_AGREEMENT.into()))?;
        view.situation
            .allows_as(workflow_action, ta::SUBJECT)
            .map_err(AppError::Conflict)?;
        let n = head
            .pending_version
            .ok_or(AppError::Conflict(ta::NO_AGREEMENT.into()))?;
        let version = view
            .versions
            .iter()
            .find(|v| v.version_no == n)
            .ok_or(AppError::NotFound)?;
        let terms = version.terms()?;
        store::claim(conn, &id, Some(expected_revision.unwrap_or(head.revision)))?;
        let p = &view.placement;
        let me: &UserId = &actor.user_id;
        // What happened, for the placement's history, and who is mailed with which reason.
        use crate::mail::store::Audience;
        let (event, kind, audience, reason) = match action {
            AgreementAction::Send => {
                if view.placement.status != "placed" {
                    return Err(AppError::Conflict(ta::NOT_PLACED.into()));
                }
                terms.ready_to_send().map_err(AppError::Validation)?;
                store::mark_sent(conn, &id, n, me)?;
                (
                    "agreement_sent",
                    Kind::AgreementSent,
                    Audience::Signatories,
                    None,
                )
            }
            AgreementAction::Accept { content_hash } => {
                let (content, hash) = hash_of(p, n, &terms);
                if content_hash.is_some_and(|h| h != hash) {
                    return Err(AppError::Conflict(ta::CHANGED_SINCE_READ.into()));
                }
                store::mark_accepted(conn, &id, n, me, &content, &hash)?;
                (
                    "agreement_accepted",
                    Kind::AgreementAnswered,
                    Audience::Consultant,
                    None,
                )
            }
            AgreementAction::RequestChanges { comment } => {
                let comment = comment.trim().to_string();
                store::mark_changes_requested(conn, &id, n, &comment)?;
                (
                    "agreement_changes_requested",
                    Kind::AgreementAnswered,
                    Audience::Consultant,
                    Some(comment),
                )
            }
        };
        seat_store::insert_event(conn, &id, &p.contract_id, me, event, &n.to_string())?;
        let person = view.candidate_name.clone();
        crate::mail::store::contract_event(conn, &p.contract_id, kind, audience, Some(me), |m| {
            m.path = format!("/placements/{id}/agreement");
            m.person = Some(person);
            m.version = Some(n);
            m.reason = reason;
        })?;
        load(conn, &actor, &id)
    })
    .await
}

/// Agreements waiting for the company's answer, for a signatory's inbox.
pub async fn waiting_for_company(
    db: &Db,
    actor: &Actor,
) -> Result<Vec<(String, String, Option<chrono::NaiveDateTime>)>, AppError> {
    let Some(company) = actor.company_id.clone() else {
        return Ok(Vec::new());
    };
    if actor.role != crate::auth::model::Role::Company {
        return Ok(Vec::new());
    }
    db.read(move |conn| Ok(store::waiting_for_company(conn, &company)?))
        .await
}
