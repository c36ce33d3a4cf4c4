package io.crmsync.config;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * JPA access to the configuration tables. The persistence unit is bootstrapped here, on the CRM
 * data source, rather than by the container, so that the data source can be chosen by
 * configuration and the same WAR runs on Payara and WildFly.
 */
public final class ConfigStore {
  private final EntityManagerFactory emf;

  public ConfigStore(DataSource dataSource) {
    Map<String, Object> props = new HashMap<>();
    props.put(PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, "META-INF/crmsync-persistence.xml");
    props.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
    props.put(PersistenceUnitProperties.TRANSACTION_TYPE, "RESOURCE_LOCAL");
    props.put(PersistenceUnitProperties.WEAVING, "false");
    props.put(PersistenceUnitProperties.CACHE_SHARED_DEFAULT, "false");
    props.put(PersistenceUnitProperties.CLASSLOADER, ConfigStore.class.getClassLoader());
    props.put(PersistenceUnitProperties.LOGGING_LEVEL, "WARNING");
    EntityManagerFactory f =
        new PersistenceProvider().createEntityManagerFactory("crmsync", props);
    if (f == null) {
      throw new IllegalStateException("crm-sync: META-INF/crmsync-persistence.xml not found");
    }
    this.emf = f;
  }

  public EntityManagerFactory emf() {
    return emf;
  }

  /** Reads the whole configuration. */
  public ConfigSnapshot load(long version) {
    EntityManager em = emf.createEntityManager();
    try {
      List<SyncDef> syncs =
          em.createQuery("SELECT s FROM SyncEntity s ORDER BY s.id", SyncEntity.class)
              .getResultList()
              .stream()
              .map(SyncEntity::def)
              .toList();
      List<FieldDef> fields =
          em.createQuery("SELECT f FROM FieldEntity f ORDER BY f.number", FieldEntity.class)
              .getResultList()
              .stream()
              .map(FieldEntity::def)
              .toList();
      List<TableDef> tables =
          em.createQuery("SELECT t FROM SyncTableEntity t", SyncTableEntity.class)
              .getResultList()
              .stream()
              .map(SyncTableEntity::def)
              .toList();
      return new ConfigSnapshot(version, syncs, fields, tables);
    } finally {
      em.close();
    }
  }

  /**
   * Runs a change of the configuration in one transaction and bumps the config version, so that
   * every cycle and cluster member reloads. Nothing is saved if the work throws.
   */
  public <T> T change(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      // First, as the engine does: the program row is always the first lock taken, so an admin
      // change and a running cycle cannot deadlock on crmsync_sync_state and crmsync_program.
      em.createNativeQuery(
              "UPDATE crmsync_program SET config_version = config_version + 1 WHERE id = 1")
          .executeUpdate();
      T result = work.apply(em);
      em.flush();
      tx.commit();
      return result;
    } finally {
      if (tx.isActive()) {
        tx.rollback();
      }
      em.close();
    }
  }

  /** JDBC work on crm-sync's state tables. */
  public interface JdbcWork {
    void run(java.sql.Connection c) throws java.sql.SQLException;
  }

  /**
   * Runs JDBC work on the connection of the current {@link #change} transaction, so that state
   * shared with the engine (loads, sync state) is changed with the same code the engine uses, in
   * the same transaction as the configuration.
   */
  public static void jdbc(EntityManager em, JdbcWork work) {
    try {
      work.run(em.unwrap(java.sql.Connection.class));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("crm-sync cannot change its state: " + e.getMessage(), e);
    }
  }

  /** Takes the next value of a counter of {@code crmsync_program}, inside {@link #change}. */
  public static long next(EntityManager em, String counter) {
    if (!counter.equals("next_sync_id") && !counter.equals("next_field_number")) {
      throw new IllegalArgumentException(counter);
    }
    em.createNativeQuery("UPDATE crmsync_program SET " + counter + " = " + counter + " + 1 WHERE id = 1")
        .executeUpdate();
    Number n =
        (Number)
            em.createNativeQuery("SELECT " + counter + " FROM crmsync_program WHERE id = 1")
                .getSingleResult();
    return n.longValue() - 1;
  }

  public void close() {
    if (emf.isOpen()) {
      emf.close();
    }
  }
}
