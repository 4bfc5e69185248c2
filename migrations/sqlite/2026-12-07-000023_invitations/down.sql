DROP INDEX invitations_company_idx;
DROP INDEX invitations_user_key;
DROP INDEX invitations_token_key;
DROP TABLE invitations;
