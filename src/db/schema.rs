//! The portable schema: written by hand so one file serves SQLite and PostgreSQL.
//! Only types that behave alike on both backends are used (see docs/database.md).

diesel::table! {
    jobcenters (id) {
        id -> Text,
        name -> Text,
        name_norm -> Text,
        sort_key -> Text,
        region -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    municipalities (kommunekode) {
        kommunekode -> Integer,
        jobcenter_id -> Text,
    }
}

diesel::table! {
    companies (id) {
        id -> Text,
        cvr -> Text,
        name -> Text,
        name_norm -> Text,
        sort_key -> Text,
        sector -> Text,
        address -> Text,
        postcode -> Text,
        city -> Text,
        ordinary_employees -> Integer,
        contact_name -> Text,
        contact_email -> Text,
        contact_phone -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    headcounts (company_id, p_number, effective_from) {
        company_id -> Text,
        p_number -> Text,
        effective_from -> Date,
        ordinary_employees -> Integer,
        declared_by -> Nullable<Text>,
        declared_at -> Timestamp,
    }
}

diesel::table! {
    worksites (id) {
        id -> Text,
        company_id -> Text,
        p_number -> Text,
        name -> Text,
        address -> Text,
        postcode -> Text,
        city -> Text,
        ordinary_employees -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        sort_key -> Text,
        role -> Text,
        jobcenter_id -> Nullable<Text>,
        company_id -> Nullable<Text>,
        password_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
        dpo -> Bool,
        totp_cipher -> Nullable<Text>,
        totp_pending_cipher -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    app_settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        kind -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    contracts (id) {
        id -> Text,
        jobcenter_id -> Text,
        company_id -> Text,
        consultant_id -> Text,
        mentor_id -> Text,
        revision -> Integer,
        pending_version -> Nullable<Integer>,
        pending_status -> Nullable<Text>,
        accepted_version -> Nullable<Integer>,
        start_date -> Date,
        end_date -> Date,
        seats -> Integer,
        shown_to_company -> Bool,
        terminated_on -> Nullable<Date>,
        termination_reason -> Nullable<Text>,
        alloc_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contract_versions (contract_id, version_no) {
        contract_id -> Text,
        version_no -> Integer,
        status -> Text,
        round -> Integer,
        effective_from -> Date,
        terms -> Text,
        seats -> Integer,
        start_date -> Date,
        end_date -> Date,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sent_by -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        company_comment -> Nullable<Text>,
        accepted_by -> Nullable<Text>,
        accepted_at -> Nullable<Timestamp>,
        accepted_content -> Nullable<Text>,
        content_hash -> Nullable<Text>,
        returned_terms -> Nullable<Text>,
        company_snapshot -> Nullable<Text>,
    }
}

diesel::table! {
    contract_events (id) {
        id -> Text,
        contract_id -> Text,
        version_no -> Integer,
        actor_id -> Text,
        action -> Text,
        from_status -> Text,
        to_status -> Text,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    candidates (id) {
        id -> Text,
        jobcenter_id -> Text,
        name -> Text,
        name_norm -> Text,
        sort_key -> Text,
        cpr_hmac -> Text,
        cpr_cipher -> Text,
        cpr_masked -> Text,
        benefit -> Text,
        match_group -> Integer,
        lock_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    placements (id) {
        id -> Text,
        contract_id -> Text,
        candidate_id -> Text,
        status -> Text,
        seat_no -> Nullable<Integer>,
        offer_type -> Text,
        start_date -> Date,
        end_date -> Date,
        queue_no -> BigInt,
        outcome -> Nullable<Text>,
        self_supporting -> Nullable<Bool>,
        followed_up_at -> Nullable<Timestamp>,
        followed_up_by -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        benefit_at_referral -> Text,
        match_group_at_referral -> Integer,
        jobcenter_id -> Text,
    }
}

diesel::table! {
    jobcenter_months (jobcenter_id, month) {
        jobcenter_id -> Text,
        month -> Text,
        in_activation -> Integer,
        followed_up -> Integer,
        self_supporting -> Integer,
    }
}

diesel::table! {
    target_months (match_group, benefits, month, jobcenter_id) {
        jobcenter_id -> Text,
        month -> Text,
        match_group -> Integer,
        benefits -> Text,
        in_activation -> Integer,
    }
}

diesel::table! {
    placement_months (placement_id, month) {
        placement_id -> Text,
        month -> Text,
        jobcenter_id -> Text,
        candidate_id -> Text,
        benefit -> Text,
        match_group -> Integer,
    }
}

diesel::table! {
    placement_events (id) {
        id -> Text,
        placement_id -> Text,
        contract_id -> Text,
        actor_id -> Text,
        action -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    placement_activities (id) {
        id -> Text,
        placement_id -> Text,
        kind -> Text,
        provider -> Text,
        description -> Text,
        minutes_per_week -> Integer,
        cost_ore -> BigInt,
        start_date -> Date,
        end_date -> Date,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    access_log (id) {
        id -> Text,
        user_id -> Text,
        candidate_id -> Nullable<Text>,
        action -> Text,
        created_at -> Timestamp,
        jobcenter_id -> Nullable<Text>,
        cpr_masked -> Nullable<Text>,
        cpr_hmac -> Nullable<Text>,
        hit -> Nullable<Bool>,
    }
}

diesel::table! {
    rule_params (key, effective_from) {
        key -> Text,
        effective_from -> Date,
        value -> Integer,
    }
}

diesel::table! {
    hour_entries (id) {
        id -> Text,
        contract_id -> Text,
        mentor_id -> Text,
        candidate_id -> Nullable<Text>,
        work_date -> Date,
        week -> Text,
        minutes -> Integer,
        activity -> Text,
        note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        rate_ore -> Nullable<BigInt>,
    }
}

diesel::table! {
    hour_weeks (contract_id, week) {
        contract_id -> Text,
        week -> Text,
        status -> Text,
        submitted_by -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
        approved_minutes -> Nullable<BigInt>,
        approved_amount_ore -> Nullable<BigInt>,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        name -> Text,
        baseline_month -> Text,
        end_month -> Text,
        share_target_permille -> Integer,
        min_increase -> Integer,
        selfsupport_permille -> Integer,
        national_target -> Integer,
        created_at -> Timestamp,
        target_benefits -> Text,
        target_match_group -> Integer,
    }
}

diesel::table! {
    campaign_figures (campaign_id, jobcenter_id, month) {
        campaign_id -> Text,
        jobcenter_id -> Text,
        month -> Text,
        target_group -> Nullable<Integer>,
        outside_activation -> Nullable<Integer>,
        baseline -> Nullable<Integer>,
    }
}

diesel::table! {
    /// A read-only view (migration 000011): contract and placement events, CPR reads and hour
    /// week submissions and decisions, one row each.
    audit_trail (id) {
        id -> Text,
        created_at -> Timestamp,
        actor_id -> Text,
        object_type -> Text,
        object_id -> Text,
        action -> Text,
        detail -> Text,
    }
}

diesel::table! {
    user_events (id) {
        id -> Text,
        user_id -> Text,
        actor_id -> Text,
        action -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    hour_week_events (id) {
        id -> Text,
        contract_id -> Text,
        week -> Text,
        action -> Text,
        actor_id -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    company_events (id) {
        id -> Text,
        company_id -> Text,
        actor_id -> Text,
        action -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    company_corrections (id) {
        id -> Text,
        company_id -> Text,
        proposed_by -> Text,
        changes -> Text,
        comment -> Text,
        status -> Text,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        user_id -> Text,
        company_id -> Text,
        invited_by -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        renewed_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(audit_trail -> users (actor_id));
diesel::joinable!(invitations -> companies (company_id));
diesel::joinable!(company_events -> companies (company_id));
diesel::joinable!(company_corrections -> companies (company_id));
diesel::joinable!(access_log -> users (user_id));
diesel::joinable!(access_log -> candidates (candidate_id));
diesel::joinable!(municipalities -> jobcenters (jobcenter_id));
diesel::joinable!(worksites -> companies (company_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(contract_versions -> contracts (contract_id));
diesel::joinable!(contract_events -> contracts (contract_id));
diesel::joinable!(contracts -> companies (company_id));
diesel::joinable!(contracts -> jobcenters (jobcenter_id));
diesel::joinable!(placements -> contracts (contract_id));
diesel::joinable!(placements -> candidates (candidate_id));
diesel::joinable!(placement_activities -> placements (placement_id));
diesel::joinable!(hour_entries -> contracts (contract_id));
diesel::joinable!(hour_weeks -> contracts (contract_id));
diesel::joinable!(hour_week_events -> contracts (contract_id));

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        user_id -> Text,
        recipient -> Text,
        kind -> Text,
        payload -> Text,
        status -> Text,
        dedupe_key -> Nullable<Text>,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        digest_id -> Nullable<Text>,
    }
}

diesel::table! {
    mail_preferences (user_id, topic) {
        user_id -> Text,
        topic -> Text,
        delivery -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mail_schedule_runs (job, period) {
        job -> Text,
        period -> Text,
        ran_at -> Timestamp,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        contract_id -> Nullable<Text>,
        placement_id -> Nullable<Text>,
        kind -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        content -> Binary,
        added_by -> Text,
        added_at -> Timestamp,
        removed_by -> Nullable<Text>,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// A follow-up visit that was moved or recorded (#22); planned visits are derived.
    visits (placement_id, seq) {
        placement_id -> Text,
        seq -> Integer,
        planned_on -> Nullable<Date>,
        at_minute -> Nullable<Integer>,
        done_on -> Nullable<Date>,
        note -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    document_events (id) {
        id -> Text,
        document_id -> Text,
        actor_id -> Text,
        action -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(documents -> contracts (contract_id));
diesel::joinable!(documents -> placements (placement_id));
diesel::joinable!(documents -> users (added_by));

diesel::table! {
    /// The epoch of a person's calendar feed token (#22).
    calendar_feeds (user_id) {
        user_id -> Text,
        epoch -> Integer,
        renewed_at -> Timestamp,
    }
}

diesel::joinable!(visits -> placements (placement_id));
diesel::joinable!(calendar_feeds -> users (user_id));

diesel::joinable!(mail_outbox -> users (user_id));
diesel::joinable!(mail_preferences -> users (user_id));

diesel::table! {
    placement_agreements (placement_id) {
        placement_id -> Text,
        contract_id -> Text,
        revision -> Integer,
        pending_version -> Nullable<Integer>,
        accepted_version -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agreement_versions (placement_id, version_no) {
        placement_id -> Text,
        version_no -> Integer,
        status -> Text,
        terms -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sent_by -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        company_comment -> Nullable<Text>,
        accepted_by -> Nullable<Text>,
        accepted_at -> Nullable<Timestamp>,
        accepted_content -> Nullable<Text>,
        content_hash -> Nullable<Text>,
    }
}

diesel::table! {
    attendance (placement_id, day) {
        placement_id -> Text,
        day -> Date,
        contract_id -> Text,
        status -> Text,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(placement_agreements -> placements (placement_id));
diesel::joinable!(agreement_versions -> placement_agreements (placement_id));
diesel::joinable!(attendance -> placements (placement_id));

diesel::table! {
    payment_exports (month, jobcenter_id) {
        month -> Text,
        jobcenter_id -> Text,
        exported_by -> Text,
        exported_at -> Timestamp,
    }
}

diesel::table! {
    payment_export_lines (id) {
        id -> Text,
        month -> Text,
        jobcenter_id -> Text,
        contract_id -> Text,
        kind -> Text,
        for_month -> Text,
        minutes -> BigInt,
        amount_ore -> BigInt,
        company_name -> Text,
        company_cvr -> Text,
        jobcenter_name -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    headcounts,
    jobcenter_months,
    target_months,
    placement_months,
    login_failures,
    jobcenters,
    municipalities,
    companies,
    worksites,
    users,
    sessions,
    contracts,
    contract_versions,
    contract_events,
    candidates,
    placements,
    placement_events,
    placement_activities,
    access_log,
    rule_params,
    hour_entries,
    hour_weeks,
    campaigns,
    campaign_figures,
    audit_trail,
    user_events,
    invitations,
    hour_week_events,
    company_events,
    company_corrections,
    recovery_codes,
    app_settings,
    mail_outbox,
    mail_preferences,
    mail_schedule_runs,
    placement_agreements,
    agreement_versions,
    attendance,
    payment_exports,
    payment_export_lines,
    documents,
    document_events,
    visits,
    calendar_feeds,
);
