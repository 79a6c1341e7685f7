import unittest

from techhub.app import articles


class ArticlesTest(unittest.TestCase):
    def test_all_articles(self):
        self.assertEqual(len(articles()), 3)

    def test_filter_by_topic(self):
        self.assertEqual([a["id"] for a in articles("cd")], [2])


if __name__ == "__main__":
    unittest.main()
