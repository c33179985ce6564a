-- Legacy nodeshot 0.9 schema, MySQL / MariaDB flavour.
--
-- The tables read by the importer plus nodeshot_hna and nodeshot_statistic,
-- exactly as MySQL reports them after Django 1.4.1 `syncdb` (InnoDB, utf8);
-- see docs legacy-schema.md section 3. No DB-level defaults exist (Django 1.4
-- never emits DEFAULT clauses apart from the implicit DEFAULT NULL of
-- nullable columns). Index and FK constraint names are the ones Django 1.4
-- generated.
--
-- Load into an EMPTY database:
--   mysql --default-character-set=utf8 DB < sql/legacy/mysql.sql
-- Tested on MariaDB 10.11 (charset utf8 = utf8mb3, collation utf8_general_ci
-- / utf8mb3_general_ci).

SET NAMES utf8;

CREATE TABLE `auth_user` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `username` varchar(30) NOT NULL,
  `first_name` varchar(30) NOT NULL,
  `last_name` varchar(30) NOT NULL,
  `email` varchar(75) NOT NULL,
  `password` varchar(128) NOT NULL,
  `is_staff` tinyint(1) NOT NULL,
  `is_active` tinyint(1) NOT NULL,
  `is_superuser` tinyint(1) NOT NULL,
  `last_login` datetime NOT NULL,
  `date_joined` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `username` (`username`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_node` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(50) NOT NULL,
  `slug` varchar(50) NOT NULL,
  `owner` varchar(50) DEFAULT NULL,
  `description` varchar(200) DEFAULT NULL,
  `postal_code` varchar(10) NOT NULL,
  `email` varchar(75) NOT NULL,
  `email2` varchar(75) DEFAULT NULL,
  `email3` varchar(75) DEFAULT NULL,
  `password` varchar(255) NOT NULL,
  `lat` double NOT NULL,
  `lng` double NOT NULL,
  `alt` double DEFAULT NULL,
  `status` varchar(3) NOT NULL,
  `activation_key` varchar(40) DEFAULT NULL,
  `notes` longtext DEFAULT NULL,
  `added` datetime NOT NULL,
  `updated` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `name` (`name`),
  UNIQUE KEY `slug` (`slug`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_device` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(50) NOT NULL,
  `cname` varchar(30) DEFAULT NULL,
  `description` varchar(255) DEFAULT NULL,
  `type` varchar(50) DEFAULT NULL,
  `node_id` int(11) NOT NULL,
  `routing_protocol` varchar(20) NOT NULL,
  `routing_protocol_version` varchar(10) DEFAULT NULL,
  `added` datetime NOT NULL,
  `updated` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `name` (`name`),
  UNIQUE KEY `node_id` (`node_id`,`cname`),
  KEY `nodeshot_device_84561b5c` (`cname`),
  KEY `nodeshot_device_474baebc` (`node_id`),
  CONSTRAINT `node_id_refs_id_ec9b2ba3` FOREIGN KEY (`node_id`) REFERENCES `nodeshot_node` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_hna` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `device_id` int(11) NOT NULL,
  `route` varchar(43) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `nodeshot_hna_5b7abc50` (`device_id`),
  CONSTRAINT `device_id_refs_id_446d19d1` FOREIGN KEY (`device_id`) REFERENCES `nodeshot_device` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_interface` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `ipv4_address` char(15) DEFAULT NULL,
  `ipv6_address` char(39) DEFAULT NULL,
  `mac_address` varchar(17) DEFAULT NULL,
  `type` varchar(10) NOT NULL,
  `cname` varchar(30) DEFAULT NULL,
  `device_id` int(11) NOT NULL,
  `draw_link` tinyint(1) NOT NULL,
  `wireless_mode` varchar(5) DEFAULT NULL,
  `wireless_channel` varchar(4) DEFAULT NULL,
  `wireless_polarity` varchar(1) DEFAULT NULL,
  `essid` varchar(50) DEFAULT NULL,
  `bssid` varchar(50) DEFAULT NULL,
  `status` varchar(1) NOT NULL,
  `added` datetime NOT NULL,
  `updated` datetime NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ipv4_address` (`ipv4_address`),
  UNIQUE KEY `ipv6_address` (`ipv6_address`),
  UNIQUE KEY `mac_address` (`mac_address`),
  UNIQUE KEY `device_id` (`device_id`,`cname`),
  KEY `nodeshot_interface_84561b5c` (`cname`),
  KEY `nodeshot_interface_5b7abc50` (`device_id`),
  CONSTRAINT `device_id_refs_id_1163fb3b` FOREIGN KEY (`device_id`) REFERENCES `nodeshot_device` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_link` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `from_interface_id` int(11) NOT NULL,
  `to_interface_id` int(11) NOT NULL,
  `etx` double NOT NULL,
  `dbm` int(11) NOT NULL,
  `sync_tx` int(11) NOT NULL,
  `sync_rx` int(11) NOT NULL,
  `hide` tinyint(1) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `nodeshot_link_b9cc0406` (`from_interface_id`),
  KEY `nodeshot_link_50d1f6ff` (`to_interface_id`),
  CONSTRAINT `from_interface_id_refs_id_9082d1a5` FOREIGN KEY (`from_interface_id`) REFERENCES `nodeshot_interface` (`id`),
  CONSTRAINT `to_interface_id_refs_id_9082d1a5` FOREIGN KEY (`to_interface_id`) REFERENCES `nodeshot_interface` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_statistic` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `active_nodes` int(11) NOT NULL,
  `potential_nodes` int(11) NOT NULL,
  `hotspots` int(11) NOT NULL,
  `links` int(11) NOT NULL,
  `km` double NOT NULL,
  `date` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE `nodeshot_contact` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `node_id` int(11) NOT NULL,
  `from_name` varchar(50) NOT NULL,
  `from_email` varchar(50) NOT NULL,
  `message` varchar(2000) NOT NULL,
  `ip` char(39) NOT NULL,
  `user_agent` varchar(200) NOT NULL,
  `http_referer` varchar(200) NOT NULL,
  `accept_language` varchar(60) NOT NULL,
  `date` datetime NOT NULL,
  PRIMARY KEY (`id`),
  KEY `nodeshot_contact_474baebc` (`node_id`),
  CONSTRAINT `node_id_refs_id_211c90b8` FOREIGN KEY (`node_id`) REFERENCES `nodeshot_node` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;
