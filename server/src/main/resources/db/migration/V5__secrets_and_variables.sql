-- Actions secrets and configuration variables of a repository (GitHub's repository secrets and variables).
-- Names are kept upper-cased (GitHub treats them case-insensitively). Secrets hold only ciphertext: base64 of
-- a 12-byte nonce and the AES-256-GCM encryption of the value, with the key in <data>/secrets/actions.key.

CREATE TABLE action_secrets (
    repo_id    BIGINT       NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    name       VARCHAR(100) NOT NULL,
    content    TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repo_id, name)
);

CREATE TABLE action_variables (
    repo_id    BIGINT       NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    name       VARCHAR(100) NOT NULL,
    content    TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repo_id, name)
);
