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

diesel::joinable!(municipalities -> jobcenters (jobcenter_id));
diesel::joinable!(worksites -> companies (company_id));
diesel::joinable!(sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    jobcenters,
    municipalities,
    companies,
    worksites,
    users,
    sessions,
);
