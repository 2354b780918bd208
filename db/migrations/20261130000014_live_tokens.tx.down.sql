DROP INDEX tokens_live_idx;
