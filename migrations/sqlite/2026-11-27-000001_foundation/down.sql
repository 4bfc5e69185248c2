DROP TABLE sessions;
DROP TABLE users;
DROP TABLE worksites;
DROP TABLE companies;
DROP TABLE municipalities;
DROP TABLE jobcenters;
