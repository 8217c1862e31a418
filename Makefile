# The two set-up commands of README.md.
.PHONY: run test screenshots
run:
	scripts/run.sh
test:
	scripts/test.sh
# Regenerate docs/screenshots/*.png (the browser tests write them only when asked).
screenshots:
	.venv/bin/pytest -q -p no:cacheprovider -m browser tests/browser --screenshots
