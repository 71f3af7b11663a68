"""Cluster engines: Elasticsearch and OpenSearch behind one provider layer (`base.ClusterEngine`)."""
