DROP TABLE campaign_figures;
DROP TABLE campaigns;
