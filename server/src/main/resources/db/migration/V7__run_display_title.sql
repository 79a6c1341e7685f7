-- A run's title as GitHub's display_title: the workflow's rendered run-name, else the head commit's subject (push),
-- the pull request's title, or the workflow's name. Runs stored before this have none and show their workflow's name.
ALTER TABLE workflow_runs ADD COLUMN display_title VARCHAR(1000);

-- A tag push reports the tag's short name as its head branch, as GitHub does; runs stored before this had none.
UPDATE workflow_runs SET head_branch = SUBSTRING(ref FROM 11) WHERE head_branch IS NULL AND ref LIKE 'refs/tags/%';
