from tests.fake_telegram.fixtures import fake_telegram

__all__ = ["fake_telegram"]
